package dev.certflow.worker.messaging;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which orders of each partition are still being worked on, so that offsets are committed only
 * below the earliest unfinished one: orders finish out of order when several run at once, and a
 * worker that dies must leave every unfinished order to be redelivered. Used by the consumer's
 * thread only.
 */
final class OffsetTracker {

  private static final class Partition {
    final TreeSet<Long> inFlight = new TreeSet<>();
    long next = -1; // the offset after the last one started
    long committed = -1;
  }

  private final Map<TopicPartition, Partition> partitions = new HashMap<>();

  void started(TopicPartition partition, long offset) {
    Partition p = partitions.computeIfAbsent(partition, k -> new Partition());
    p.inFlight.add(offset);
    p.next = Math.max(p.next, offset + 1);
  }

  void finished(TopicPartition partition, long offset) {
    Partition p = partitions.get(partition);
    if (p != null) {
      p.inFlight.remove(offset);
    }
  }

  int inFlight() {
    return partitions.values().stream().mapToInt(p -> p.inFlight.size()).sum();
  }

  int inFlight(Collection<TopicPartition> of) {
    return of.stream()
        .map(partitions::get)
        .filter(Objects::nonNull)
        .mapToInt(p -> p.inFlight.size())
        .sum();
  }

  /**
   * The offsets to commit now: per partition, the earliest unfinished order, or the next offset
   * when all are finished; only where that moved since the last commit.
   */
  Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
    partitions.forEach(
        (partition, p) -> {
          long upTo = p.inFlight.isEmpty() ? p.next : p.inFlight.first();
          if (upTo > p.committed) {
            result.put(partition, new OffsetAndMetadata(upTo));
          }
        });
    return result;
  }

  void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach(
        (partition, offset) -> {
          Partition p = partitions.get(partition);
          if (p != null) {
            p.committed = Math.max(p.committed, offset.offset());
          }
        });
  }

  /** The partitions are no longer this worker's. */
  void forget(Collection<TopicPartition> revoked) {
    revoked.forEach(partitions::remove);
  }
}
