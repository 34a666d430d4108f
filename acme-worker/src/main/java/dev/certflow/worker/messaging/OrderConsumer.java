package dev.certflow.worker.messaging;

import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.OrderCommand;
import dev.certflow.events.OrderResult;
import dev.certflow.events.Topics;
import dev.certflow.worker.acme.OrderProcessor;
import dev.certflow.worker.config.WorkerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Takes orders from {@code certflow.orders} in the workers' consumer group, on {@code
 * CERTFLOW_CONCURRENCY} threads, and answers each on {@code certflow.order-results}. The offset is
 * committed after the result is acknowledged: a worker killed mid-order leaves the order to be
 * redelivered and started again; cert-api stores at most one version per order.
 */
@ApplicationScoped
public class OrderConsumer {

  private static final Logger LOG = Logger.getLogger(OrderConsumer.class);

  private final WorkerKafka kafka;
  private final Topics topics;
  private final OrderProcessor processor;
  private final WorkerConfig config;
  private final List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  OrderConsumer(WorkerKafka kafka, Topics topics, OrderProcessor processor, WorkerConfig config) {
    this.kafka = kafka;
    this.topics = topics;
    this.processor = processor;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    for (int i = 0; i < config.concurrency(); i++) {
      Thread thread = new Thread(this::run, "order-consumer-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    running = false;
    synchronized (consumers) {
      consumers.forEach(KafkaConsumer::wakeup);
    }
    for (Thread thread : threads) {
      thread.join(5_000);
    }
    kafka.close();
  }

  private void run() {
    while (running) {
      KafkaConsumer<String, String> consumer = kafka.orderConsumer();
      synchronized (consumers) {
        consumers.add(consumer);
      }
      try {
        consumer.subscribe(List.of(topics.orders()));
        while (running) {
          for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
            handle(record);
            consumer.commitSync();
          }
        }
      } catch (WakeupException e) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warnf("order consumer failed, rejoining: %s", e.toString());
        pause();
      } finally {
        synchronized (consumers) {
          consumers.remove(consumer);
        }
        consumer.close();
      }
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
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        LOG.warnf(
            "order %s: publishing the result failed, retrying: %s", result.orderId(), e.toString());
        pause();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
