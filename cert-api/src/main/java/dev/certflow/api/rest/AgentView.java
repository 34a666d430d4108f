package dev.certflow.api.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** A proxy agent's latest report, compared with the current certificates. */
public record AgentView(
    @JsonProperty("agent_id") String agentId,
    @JsonProperty("tls_address") String tlsAddress,
    boolean ready,
    boolean silent,
    @JsonProperty("reported_at") Instant reportedAt,
    @JsonProperty("behind") int behind,
    List<Served> certificates) {

  /**
   * One certificate the agent serves.
   *
   * @param state {@code current}, {@code behind}, or {@code unknown} (deleted since)
   */
  public record Served(
      String name,
      int version,
      String serial,
      @JsonProperty("not_after") Instant notAfter,
      String state) {}
}
