package dev.certflow.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one proxy node serves, published after every change and periodically. Its size does not grow
 * with the fleet: instead of listing every certificate it says how far the node has read the
 * compacted certificates topic. cert-api records the offset at which each certificate's current
 * bundle was published, so a certificate is current on a node exactly when the node has read past
 * that offset and did not reject the record.
 *
 * @param agentId the node's configured id (also the Kafka key)
 * @param tlsAddress host:port of the node's TLS listener
 * @param reportedAt when the node made this report
 * @param ready whether the node has caught up with the certificates topic
 * @param served how many certificates the node serves
 * @param positions per partition of the certificates topic, the offset of the next record the node
 *     will read: every record before it is applied (or listed in {@code rejected})
 * @param rejected certificates whose latest record the node read but could not apply, at most
 *     {@link #MAX_REJECTED}
 * @param rejectedCount how many such certificates there are in all
 * @param fileFailures how many certificates the node serves but could not write to its certificate
 *     directory (for an external proxy); 0 without a directory
 * @param fileError why the first of them could not be written, or null
 */
public record AgentStatus(
    @JsonProperty("agent_id") String agentId,
    @JsonProperty("tls_address") String tlsAddress,
    @JsonProperty("reported_at") Instant reportedAt,
    boolean ready,
    int served,
    Map<Integer, Long> positions,
    List<Rejected> rejected,
    @JsonProperty("rejected_count") int rejectedCount,
    @JsonProperty("file_failures") int fileFailures,
    @JsonProperty("file_error") String fileError) {

  /** How many rejected certificates a report names; the count says how many there are. */
  public static final int MAX_REJECTED = 100;

  public AgentStatus {
    positions = positions == null ? Map.of() : Map.copyOf(positions);
    rejected = rejected == null ? List.of() : List.copyOf(rejected);
  }

  /** A report of a node without file trouble. */
  public AgentStatus(
      String agentId,
      String tlsAddress,
      Instant reportedAt,
      boolean ready,
      int served,
      Map<Integer, Long> positions,
      List<Rejected> rejected,
      int rejectedCount) {
    this(
        agentId,
        tlsAddress,
        reportedAt,
        ready,
        served,
        positions,
        rejected,
        rejectedCount,
        0,
        null);
  }

  /** The offset of the next record the node will read on this partition (0: none read). */
  public long position(int partition) {
    Long position = positions.get(partition);
    return position == null ? 0 : position;
  }

  /**
   * A certificate whose latest record the node could not apply.
   *
   * @param name certificate name
   * @param version the version the node still serves, or null when none
   * @param reason why the record was refused
   */
  public record Rejected(String name, Integer version, String reason) {}
}
