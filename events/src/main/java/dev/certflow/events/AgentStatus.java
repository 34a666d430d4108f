package dev.certflow.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * What one proxy node serves, published after every change and periodically.
 *
 * @param agentId the node's configured id (also the Kafka key)
 * @param tlsAddress host:port of the node's TLS listener
 * @param reportedAt when the node made this report
 * @param ready whether the node has caught up with the certificates topic
 * @param certificates every certificate the node holds
 * @param challenges the HTTP-01 tokens the node serves
 */
public record AgentStatus(
    @JsonProperty("agent_id") String agentId,
    @JsonProperty("tls_address") String tlsAddress,
    @JsonProperty("reported_at") Instant reportedAt,
    boolean ready,
    List<Served> certificates,
    List<String> challenges) {

  public AgentStatus {
    certificates = List.copyOf(certificates);
    challenges = challenges == null ? List.of() : List.copyOf(challenges);
  }

  /**
   * One certificate as served by a node.
   *
   * @param name certificate name
   * @param version the version the node serves
   * @param serial the serial the node serves, hex
   * @param notAfter end of validity of what the node serves
   */
  public record Served(
      String name, int version, String serial, @JsonProperty("not_after") Instant notAfter) {}
}
