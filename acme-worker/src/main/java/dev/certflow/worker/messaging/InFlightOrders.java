package dev.certflow.worker.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The orders this worker is working on, by partition, and the next offset of each partition once
 * they are done. A partition handed to another worker must not go before its orders here finish:
 * the new owner would start them again and the CA would issue twice.
 */
@ApplicationScoped
public class InFlightOrders {

  private final Map<TopicPartition, NavigableSet<Long>> working = new HashMap<>();
  private final Map<TopicPartition, Long> next = new HashMap<>();

  synchronized void started(TopicPartition partition, long offset) {
    working.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
  }

  synchronized void finished(TopicPartition partition, long offset) {
    NavigableSet<Long> offsets = working.get(partition);
    if (offsets != null) {
      offsets.remove(offset);
    }
    next.merge(partition, offset + 1, Math::max);
    notifyAll();
  }

  /**
   * Waits until no order of these partitions is in flight (or the timeout passes), then forgets
   * them and returns the offset to commit for each: the orders of a partition start in offset
   * order, so once none is in flight everything below the highest finished one is done.
   */
  synchronized Map<TopicPartition, OffsetAndMetadata> drain(
      Collection<TopicPartition> partitions, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (busy(partitions)) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        break;
      }
      wait(left);
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : partitions) {
      NavigableSet<Long> open = working.remove(partition);
      Long done = next.remove(partition);
      if (done != null && (open == null || open.isEmpty())) {
        offsets.put(partition, new OffsetAndMetadata(done));
      }
    }
    return offsets;
  }

  synchronized int inFlight() {
    return working.values().stream().mapToInt(NavigableSet::size).sum();
  }

  private boolean busy(Collection<TopicPartition> partitions) {
    return partitions.stream()
        .map(working::get)
        .anyMatch(offsets -> offsets != null && !offsets.isEmpty());
  }
}
