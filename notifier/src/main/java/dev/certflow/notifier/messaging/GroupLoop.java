package dev.certflow.notifier.messaging;

import dev.certflow.kafka.InternalThreads;
import dev.certflow.notifier.kafka.NotifierKafka;
import java.time.Duration;
import java.util.Collection;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * A consumer of the notifiers' group on its own thread: it ensures the topics, subscribes, hands
 * each poll to {@link #poll}, and after a failure starts over from the last committed offsets, so
 * work that was not committed is done again rather than lost.
 */
abstract class GroupLoop implements ConsumerRebalanceListener {

  private static final Logger LOG = Logger.getLogger(GroupLoop.class);

  protected final NotifierKafka kafka;
  private final String name;
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, String> consumer;
  private Thread thread;

  GroupLoop(NotifierKafka kafka, String name) {
    this.kafka = kafka;
    this.name = name;
  }

  /** The topics to subscribe to. */
  protected abstract Collection<String> topics();

  /** Handles one poll's worth of work and commits what is done. */
  protected abstract void poll(KafkaConsumer<String, String> consumer) throws InterruptedException;

  /** Whether consuming may begin (the channels are known). */
  protected boolean ready() {
    return true;
  }

  void startLoop() {
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    InternalThreads.watch(thread.getName(), thread, () -> !running);
    thread.start();
  }

  void stopLoop() throws InterruptedException {
    running = false;
    KafkaConsumer<String, String> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    if (thread != null) {
      thread.join(5_000);
    }
  }

  private void run() {
    while (running) {
      try {
        while (running && !ready()) {
          Thread.sleep(100); // the channel directory is catching up
        }
        kafka.createTopics();
        consumer = kafka.groupConsumer();
        try {
          consumer.subscribe(topics(), this);
          LOG.infof("%s: consuming %s", name, topics());
          while (running) {
            poll(consumer);
          }
        } finally {
          consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
      } catch (WakeupException e) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warnf("%s failed, starting over from the committed offsets: %s", name, e.toString());
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
}
