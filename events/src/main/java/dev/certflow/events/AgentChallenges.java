package dev.certflow.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * The HTTP-01 tokens one proxy node serves, published at once after every change and with each
 * periodic status report, so ACME workers can tell which live nodes answer a token.
 *
 * @param agentId the node's configured id (also the Kafka key)
 * @param reportedAt when the node made this report
 * @param tokens the tokens it serves now
 */
public record AgentChallenges(
    @JsonProperty("agent_id") String agentId,
    @JsonProperty("reported_at") Instant reportedAt,
    List<String> tokens) {

  public AgentChallenges {
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
  }
}
