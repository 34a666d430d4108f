package dev.certflow.api.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A proxy agent's latest report, summarised against the current certificates. What it serves is
 * listed, by state and page, at {@code /api/v1/agents/{id}/certificates}.
 *
 * @param served how many certificates the node says it serves
 * @param certificates certificates with a version, which every node should serve
 * @param current of those, how many the node serves as they are now
 * @param behind of those, how many it serves in an earlier version (or settings)
 * @param missing of those, how many it does not serve at all
 * @param rejected certificates whose latest record the node refused, with why
 * @param rejectedCount how many it refused in all
 * @param fileFailures how many certificates the node serves but could not write to its certificate
 *     directory, for an external proxy
 * @param fileError why the first of them could not be written
 */
public record AgentView(
    @JsonProperty("agent_id") String agentId,
    @JsonProperty("tls_address") String tlsAddress,
    boolean ready,
    boolean silent,
    @JsonProperty("reported_at") Instant reportedAt,
    int served,
    long certificates,
    long current,
    long behind,
    long missing,
    List<Rejected> rejected,
    @JsonProperty("rejected_count") int rejectedCount,
    @JsonProperty("file_failures") int fileFailures,
    @JsonProperty("file_error") @JsonInclude(JsonInclude.Include.NON_NULL) String fileError) {

  /** A certificate the node refused. */
  public record Rejected(String name, Integer version, String reason) {}

  /**
   * One certificate on one node.
   *
   * @param version the current version
   * @param state {@code current}, {@code behind} or {@code missing} on this node
   */
  public record Served(
      String name, Integer version, @JsonProperty("not_after") Instant notAfter, String state) {}
}
