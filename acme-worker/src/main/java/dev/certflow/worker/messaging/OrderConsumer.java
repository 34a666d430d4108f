package dev.certflow.worker.messaging;

import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.OrderCommand;
import dev.certflow.events.OrderResult;
import dev.certflow.events.Topics;
import dev.certflow.kafka.InternalThreads;
import dev.certflow.worker.config.WorkerConfig;
import dev.certflow.worker.kafka.WorkerKafka;
import dev.certflow.worker.order.OrderProcessor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Takes orders from {@code certflow.orders} in the workers' consumer group and works on up to
 * {@code CERTFLOW_CONCURRENCY} at once, whichever partitions they come from, answering each on
 * {@code certflow.order-results}. One consumer hands the orders to a pool: with a consumer per
 * thread, each thread owned its partitions' orders, so a thread whose partitions drew more orders
 * worked through them one by one while others idled. Offsets are committed only below the earliest
 * unfinished order ({@link OffsetTracker}) and after its result is acknowledged: a worker killed
 * mid-order leaves every unfinished order to be redelivered; cert-api stores at most one version
 * per order.
 */
@ApplicationScoped
public class OrderConsumer {

  private static final Logger LOG = Logger.getLogger(OrderConsumer.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final WorkerKafka kafka;
  private final Topics topics;
  private final OrderProcessor processor;
  private final WorkerConfig config;
  private final Queue<ConsumerRecord<String, String>> finished = new ConcurrentLinkedQueue<>();
  private final AtomicInteger threadCount = new AtomicInteger();
  private ExecutorService pool;
  private Thread thread;
  private volatile KafkaConsumer<String, String> consumer;
  private volatile boolean running = true;

  OrderConsumer(WorkerKafka kafka, Topics topics, OrderProcessor processor, WorkerConfig config) {
    this.kafka = kafka;
    this.topics = topics;
    this.processor = processor;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    pool =
        Executors.newFixedThreadPool(
            config.concurrency(),
            r -> {
              Thread t = new Thread(r, "order-" + threadCount.getAndIncrement());
              t.setDaemon(true);
              return t;
            });
    thread = new Thread(this::run, "order-consumer");
    thread.setDaemon(true);
    InternalThreads.watch(thread.getName(), thread, () -> !running);
    thread.start();
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    running = false;
    KafkaConsumer<String, String> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    pool.shutdownNow(); // unfinished orders are not committed: another worker takes them
    thread.join(5_000);
    kafka.close();
  }

  private void run() {
    while (running) {
      OffsetTracker tracker = new OffsetTracker();
      try (KafkaConsumer<String, String> current = kafka.orderConsumer(config.concurrency())) {
        consumer = current;
        current.subscribe(List.of(topics.orders()), new Handover(current, tracker));
        while (running) {
          boolean full = tracker.inFlight() >= config.concurrency();
          // Paused partitions still poll (so the group sees this worker alive) but fetch nothing.
          if (full) {
            current.pause(current.assignment());
          } else if (!current.paused().isEmpty()) {
            current.resume(current.paused());
          }
          for (ConsumerRecord<String, String> record : current.poll(POLL)) {
            tracker.started(partitionOf(record), record.offset());
            pool.execute(() -> work(record));
          }
          settle(current, tracker);
        }
      } catch (WakeupException e) {
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        LOG.warnf("order consumer failed, rejoining: %s", e.toString());
        awaitIdle(tracker, null);
        pause();
      }
    }
  }

  /** Takes the finished orders into account and commits what may be committed now. */
  private void settle(KafkaConsumer<String, String> current, OffsetTracker tracker) {
    ConsumerRecord<String, String> done;
    while ((done = finished.poll()) != null) {
      tracker.finished(partitionOf(done), done.offset());
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable();
    if (!offsets.isEmpty()) {
      offsets.keySet().retainAll(current.assignment());
      current.commitSync(offsets);
      tracker.committed(offsets);
    }
  }

  /**
   * Before partitions go to another worker, lets their orders here finish and commits them, so the
   * new owner does not start them again.
   */
  private final class Handover implements ConsumerRebalanceListener {
    private final KafkaConsumer<String, String> current;
    private final OffsetTracker tracker;

    Handover(KafkaConsumer<String, String> current, OffsetTracker tracker) {
      this.current = current;
      this.tracker = tracker;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      awaitIdle(tracker, revoked);
      settle(current, tracker);
      tracker.forget(revoked);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      tracker.forget(lost); // already another's: nothing may be committed for them
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {}
  }

  /** Waits until no order of these partitions (all when null) is in flight. */
  private void awaitIdle(OffsetTracker tracker, Collection<TopicPartition> partitions) {
    while (running
        && (partitions == null ? tracker.inFlight() : tracker.inFlight(partitions)) > 0) {
      ConsumerRecord<String, String> done = finished.poll();
      if (done != null) {
        tracker.finished(partitionOf(done), done.offset());
      } else {
        pause(50);
      }
    }
  }

  private void work(ConsumerRecord<String, String> record) {
    try {
      handle(record);
      finished.add(record);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // shutting down: the order stays uncommitted
    } catch (RuntimeException e) {
      // Committed past rather than retried here, which could loop on a record that always fails:
      // cert-api places an order without a result again after CERTFLOW_ORDER_TIMEOUT.
      LOG.errorf(e, "order at offset %d failed unexpectedly", record.offset());
      finished.add(record);
    }
  }

  private void handle(ConsumerRecord<String, String> record) throws InterruptedException {
    if (record.value() == null) {
      return;
    }
    OrderCommand command;
    try {
      var envelope = EventJson.read(record.value());
      if (!EventType.ORDER.equals(envelope.type())) {
        return;
      }
      command = EventJson.payload(envelope, OrderCommand.class);
    } catch (EventJson.MalformedEventException e) {
      LOG.warnf(
          "orders: skipping malformed record at offset %d: %s", record.offset(), e.getMessage());
      return;
    }
    LOG.infof(
        "certificate %s, order %s: ordering %s",
        command.certificate(), command.orderId(), command.domains());
    OrderResult result = processor.process(command);
    publish(result);
  }

  /**
   * Publishes the result, retrying until Kafka takes it: the order must not be committed before.
   */
  private void publish(OrderResult result) throws InterruptedException {
    String payload = EventJson.write(Envelope.of(EventType.ORDER_RESULT, result));
    while (true) {
      try {
        kafka
            .producer()
            .send(new ProducerRecord<>(topics.orderResults(), result.certificate(), payload))
            .get(30, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException | TimeoutException e) {
        LOG.warnf(
            "order %s: publishing the result failed, retrying: %s", result.orderId(), e.toString());
        pause();
      }
    }
  }

  private static TopicPartition partitionOf(ConsumerRecord<?, ?> record) {
    return new TopicPartition(record.topic(), record.partition());
  }

  private static void pause() {
    pause(1_000);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
