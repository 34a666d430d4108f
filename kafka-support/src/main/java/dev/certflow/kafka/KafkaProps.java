package dev.certflow.kafka;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client settings every plain client of a certflow service starts from. {@code shared} is
 * the service's {@code kafka.*} configuration (Quarkus's {@code default-kafka-broker} map): the one
 * place for bootstrap servers and security, which the messaging channels read as well. On top of
 * it: an idempotent producer that waits for every replica, and consumers that commit by hand.
 */
public final class KafkaProps {

  private KafkaProps() {}

  /**
   * How long the broker may hold a fetch that finds no new record. It adds no latency: a record
   * written meanwhile completes the waiting fetch at once. It only sets how often an idle consumer
   * asks again, and with some thirty consumers in a small cluster, short waits cost the broker and
   * every service CPU for nothing (Kafka's own default is 500 ms).
   */
  public static final int FETCH_MAX_WAIT_MS = 500;

  /** Idempotent, acks=all, no linger, blocking at most {@code maxBlockMs} for metadata. */
  public static Properties producer(Map<String, ?> shared, int maxBlockMs) {
    Properties props = base(shared);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs);
    return props;
  }

  /** Without a group, for assigning partitions (reading a compacted topic whole). */
  public static Properties plainConsumer(Map<String, ?> shared, int fetchMaxWaitMs) {
    Properties props = base(shared);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchMaxWaitMs);
    return props;
  }

  /**
   * In a group, committing by hand, from the earliest offset for a new group, never creating
   * topics; a member that crashed is replaced within seconds.
   */
  public static Properties groupConsumer(
      Map<String, ?> shared, String group, int maxPollRecords, int fetchMaxWaitMs) {
    Properties props = base(shared);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 600_000);
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchMaxWaitMs);
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    return props;
  }

  /** For creating and describing topics. */
  public static Properties admin(Map<String, ?> shared) {
    return base(shared);
  }

  /**
   * A copy of the shared settings: bootstrap servers and security. Quarkus adds the application's
   * name as {@code group.id}; a group belongs to one consumer, never to every client.
   */
  public static Properties base(Map<String, ?> shared) {
    Properties props = new Properties();
    shared.forEach(props::put);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return props;
  }
}
