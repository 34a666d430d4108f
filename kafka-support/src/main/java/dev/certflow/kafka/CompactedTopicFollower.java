package dev.certflow.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Follows a compacted topic on its own thread: reads it whole from the beginning (see {@link
 * CompactedTopicReader}), tells when it has caught up, then keeps reading. On any failure it starts
 * over with a new consumer after a second, from the beginning again, so the handler always rebuilds
 * the full state.
 */
public final class CompactedTopicFollower implements AutoCloseable {

  /** What the follower reports to its owner; all calls come from the follower's thread. */
  public interface Handler {

    /** Records in partition order; the last record of a key is its current value. */
    void onBatch(ConsumerRecords<String, String> records);

    /** Everything that was in the topic at (re)start has been handed over. */
    default void onCaughtUp() {}

    /** A new pass from the beginning starts: state built so far will be replayed. */
    default void onRestart() {}

    /** The topic does not exist yet; there is nothing to catch up on. */
    default void onTopicMissing() {}

    /**
     * After a batch has been handed over: per partition, the offset of the next record to read.
     * Every record before it has been through {@link #onBatch}.
     */
    default void onPositions(Map<Integer, Long> positions) {}
  }

  /**
   * Each key's last record in the batch, in the order of those last records: where the topic is a
   * table keyed by its producer, earlier records of a key in the same batch say nothing new.
   */
  public static Collection<ConsumerRecord<String, String>> latestPerKey(
      ConsumerRecords<String, String> records) {
    Map<String, ConsumerRecord<String, String>> latest = new LinkedHashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      if (record.key() != null) {
        latest.remove(record.key()); // so that the order is that of the last records
        latest.put(record.key(), record);
      }
    }
    return latest.values();
  }

  private static final System.Logger LOG = System.getLogger(CompactedTopicFollower.class.getName());
  private static final Duration POLL = Duration.ofMillis(200);
  private static final long RETRY_MS = 1_000;

  private final String topic;
  private final Supplier<Consumer<String, String>> consumers;
  private final Handler handler;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Consumer<String, String> consumer;
  private Object watched;

  public CompactedTopicFollower(
      String topic, Supplier<Consumer<String, String>> consumers, Handler handler) {
    this.topic = topic;
    this.consumers = consumers;
    this.handler = handler;
    this.thread = new Thread(this::run, "follow-" + topic);
    this.thread.setDaemon(true);
  }

  public CompactedTopicFollower start() {
    watched = InternalThreads.watch(thread.getName(), thread, () -> !running);
    thread.start();
    return this;
  }

  private void run() {
    while (running) {
      try (Consumer<String, String> kafka = consumers.get()) {
        consumer = kafka;
        CompactedTopicReader reader = new CompactedTopicReader(kafka, topic);
        awaitAssignment(reader);
        handler.onRestart();
        boolean caughtUp = false;
        while (running) {
          ConsumerRecords<String, String> records = kafka.poll(POLL);
          if (!records.isEmpty()) {
            handler.onBatch(records);
            handler.onPositions(positions(kafka));
          }
          if (!caughtUp && reader.caughtUp()) {
            caughtUp = true;
            handler.onPositions(positions(kafka));
            handler.onCaughtUp();
          }
        }
      } catch (WakeupException e) {
        return;
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "following " + topic + " failed, starting over: " + e);
        pause();
      } catch (Error e) {
        // Not retried: the JVM is in doubt. InternalThreads reports it dead, so liveness fails and
        // the process is replaced instead of serving a state that no longer follows the topic.
        LOG.log(System.Logger.Level.ERROR, "following " + topic + " stopped: " + e, e);
        throw e;
      }
    }
  }

  private static Map<Integer, Long> positions(Consumer<String, String> kafka) {
    Map<Integer, Long> positions = new HashMap<>();
    for (TopicPartition partition : kafka.assignment()) {
      positions.put(partition.partition(), kafka.position(partition));
    }
    return positions;
  }

  private void awaitAssignment(CompactedTopicReader reader) {
    while (running) {
      try {
        if (reader.assignFromBeginning()) {
          return;
        }
        handler.onTopicMissing();
      } catch (TimeoutException e) {
        // Kafka unreachable: unlike a missing topic, this says nothing about what exists.
        LOG.log(System.Logger.Level.DEBUG, "Kafka not reachable yet: " + e.getMessage());
      }
      pause();
    }
  }

  private void pause() {
    try {
      Thread.sleep(RETRY_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    InternalThreads.unwatch(watched);
    Consumer<String, String> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
