package dev.certflow.kafka;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client settings every certflow service starts from: an idempotent producer that waits
 * for every replica, and consumers that commit by hand. Services add their own bounds.
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
  public static Properties producer(String bootstrapServers, int maxBlockMs) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs);
    return props;
  }

  /** Without a group, for assigning partitions (reading a compacted topic whole). */
  public static Properties plainConsumer(String bootstrapServers, int fetchMaxWaitMs) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
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
      String bootstrapServers, String group, int maxPollRecords, int fetchMaxWaitMs) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
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
}
