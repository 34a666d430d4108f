package dev.certflow.kafka;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a compacted topic whole, without a consumer group: every partition is assigned and read
 * from the beginning, so a reader rebuilds the full state on each start and never waits for a group
 * rebalance after a crash.
 */
public final class CompactedTopicReader {

  private final Consumer<String, String> consumer;
  private final String topic;
  private Map<TopicPartition, Long> endAtStart;

  public CompactedTopicReader(Consumer<String, String> consumer, String topic) {
    this.consumer = consumer;
    this.topic = topic;
  }

  /**
   * Assigns every partition from the beginning and notes where the end was.
   *
   * @return false when the topic does not exist yet (nothing to read)
   * @throws org.apache.kafka.common.errors.TimeoutException when Kafka cannot be reached
   */
  public boolean assignFromBeginning() {
    List<PartitionInfo> infos = consumer.partitionsFor(topic);
    if (infos == null || infos.isEmpty()) {
      return false;
    }
    List<TopicPartition> partitions =
        infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    endAtStart = consumer.endOffsets(partitions);
    return true;
  }

  /** Whether everything that was in the topic at assignment has been read. */
  public boolean caughtUp() {
    return endAtStart != null
        && endAtStart.entrySet().stream()
            .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }
}
