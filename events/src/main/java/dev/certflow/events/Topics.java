package dev.certflow.events;

import java.util.List;

/**
 * Kafka topic names. Every name carries a configurable prefix (default {@code certflow.}) so that
 * several installations can share one cluster.
 *
 * @param prefix the prefix put before every topic name, for example {@code certflow.}
 */
public record Topics(String prefix) {

  /** The prefix used when configuration names none. */
  public static final String DEFAULT_PREFIX = "certflow.";

  /** Topics with the default prefix. */
  public static Topics defaults() {
    return new Topics(DEFAULT_PREFIX);
  }

  /** Compacted: the current bundle of each certificate, keyed by certificate name. */
  public String certificates() {
    return prefix + "certificates";
  }

  /** Compacted: what each proxy node serves, keyed by agent id. */
  public String agentStatus() {
    return prefix + "agent-status";
  }

  /**
   * Compacted: the HTTP-01 tokens each proxy node serves, keyed by agent id. Apart from {@link
   * #agentStatus()} so that a token's acknowledgement is a small record sent at once, not a full
   * report of every certificate the node serves.
   */
  public String agentChallenges() {
    return prefix + "agent-challenges";
  }

  /** Issue and renew commands, keyed by certificate name. */
  public String orders() {
    return prefix + "orders";
  }

  /** Results of orders, keyed by certificate name. */
  public String orderResults() {
    return prefix + "order-results";
  }

  /** Compacted: HTTP-01 tokens to serve, keyed by token; a tombstone removes one. */
  public String challenges() {
    return prefix + "challenges";
  }

  /**
   * Compacted: DNS-01 TXT records the workers created through dns-gateway and have not removed yet,
   * keyed by a digest of the challenge id; a tombstone once removed. A record left behind by a
   * worker or gateway that died is removed by the workers' sweep.
   */
  public String dnsCleanups() {
    return prefix + "dns-cleanups";
  }

  /** Alert events, keyed by certificate name. */
  public String alerts() {
    return prefix + "alerts";
  }

  /** Compacted: webhook channel configuration, keyed by channel name. */
  public String channels() {
    return prefix + "channels";
  }

  /** What became of each delivery attempt of an alert to a channel, keyed by alert id. */
  public String deliveries() {
    return prefix + "deliveries";
  }

  /**
   * Deliveries waiting for their next attempt, one topic per delay so that each topic's records
   * fall due in the order they were written.
   */
  public String alertRetries(int level) {
    return alertRetriesPrefix() + level;
  }

  /** What every retry topic's name starts with. */
  public String alertRetriesPrefix() {
    return prefix + "alert-retries-";
  }

  /**
   * Deliveries the notifier gave up on (refused for good, or past {@code CERTFLOW_NOTIFY_MAX_AGE}),
   * keyed by alert id: kept for an operator to inspect or replay.
   */
  public String alertDeadLetters() {
    return prefix + "alert-dead-letters";
  }

  /** The topics whose records are kept per key (log compaction) rather than by time. */
  public List<String> compacted() {
    return List.of(
        certificates(), agentStatus(), agentChallenges(), challenges(), channels(), dnsCleanups());
  }
}
