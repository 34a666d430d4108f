package dev.certflow.api.messaging;

import dev.certflow.api.service.alert.AlertHistory;
import dev.certflow.api.service.order.OrderService;
import dev.certflow.events.DeliveryReport;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.OrderResult;
import dev.certflow.events.Topics;
import dev.certflow.kafka.InternalThreads;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Applies {@code order-results} and the notifier's {@code deliveries} in the cert-api consumer
 * group. The offset is committed after each record's transaction, so a crash re-applies rather than
 * loses; applying twice changes nothing (results are matched to pending orders by id, delivery
 * reports are keyed by alert, channel and attempt).
 */
@ApplicationScoped
public class ResultConsumer {

  private static final Logger LOG = Logger.getLogger(ResultConsumer.class);
  static final String GROUP = "certflow-cert-api";

  private final KafkaClients clients;
  private final Topics topics;
  private final OrderService orders;
  private final AlertHistory history;
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, String> consumer;
  private Thread thread;

  ResultConsumer(KafkaClients clients, Topics topics, OrderService orders, AlertHistory history) {
    this.clients = clients;
    this.topics = topics;
    this.orders = orders;
    this.history = history;
  }

  void onStart(@Observes StartupEvent event) {
    thread = new Thread(this::run, "order-results");
    thread.setDaemon(true);
    InternalThreads.watch(thread.getName(), thread, () -> !running);
    thread.start();
  }

  void onStop(@Observes ShutdownEvent event) throws InterruptedException {
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
      try (KafkaConsumer<String, String> kafka = clients.groupConsumer(GROUP)) {
        consumer = kafka;
        kafka.subscribe(List.of(topics.orderResults(), topics.deliveries()));
        while (running) {
          var records = kafka.poll(Duration.ofMillis(500));
          for (ConsumerRecord<String, String> record : records) {
            handle(record);
          }
          if (!records.isEmpty()) {
            kafka.commitSync();
          }
        }
      } catch (WakeupException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warnf("order-results consumer failed, rejoining: %s", e.toString());
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void handle(ConsumerRecord<String, String> record) {
    if (record.value() == null) {
      return;
    }
    try {
      var envelope = EventJson.read(record.value());
      if (EventType.ORDER_RESULT.equals(envelope.type())) {
        orders.apply(EventJson.payload(envelope, OrderResult.class));
      } else if (EventType.DELIVERY_REPORT.equals(envelope.type())) {
        history.record(EventJson.payload(envelope, DeliveryReport.class));
      }
    } catch (EventJson.MalformedEventException e) {
      LOG.warnf(
          "%s: skipping malformed record at offset %d: %s",
          record.topic(), record.offset(), e.getMessage());
    }
  }
}
