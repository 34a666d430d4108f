package dev.certflow.api.messaging;

import dev.certflow.api.service.AgentStatusStore;
import dev.certflow.events.AgentStatus;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
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
 * Reads {@code agent-status} in the cert-api consumer group and keeps the latest report of each
 * agent in PostgreSQL. Offsets are committed after the rows are stored, so a crash re-reads rather
 * than loses; storing a report twice changes nothing.
 */
@ApplicationScoped
public class AgentStatusConsumer {

  private static final Logger LOG = Logger.getLogger(AgentStatusConsumer.class);
  static final String GROUP = "certflow-cert-api";

  private final KafkaClients clients;
  private final Topics topics;
  private final AgentStatusStore store;
  private volatile KafkaConsumer<String, String> consumer;
  private volatile boolean running;
  private Thread thread;

  AgentStatusConsumer(KafkaClients clients, Topics topics, AgentStatusStore store) {
    this.clients = clients;
    this.topics = topics;
    this.store = store;
  }

  void onStart(@Observes StartupEvent event) {
    running = true;
    thread = new Thread(this::run, "agent-status-consumer");
    thread.setDaemon(true);
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
      try (KafkaConsumer<String, String> kafka = clients.consumer(GROUP)) {
        consumer = kafka;
        kafka.subscribe(List.of(topics.agentStatus()));
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
        LOG.warnf("agent-status consumer failed, restarting: %s", e.toString());
        pause();
      }
    }
  }

  private void handle(ConsumerRecord<String, String> record) {
    if (record.value() == null) {
      store.forget(record.key());
      return;
    }
    try {
      var envelope = EventJson.read(record.value());
      if (!EventType.AGENT_STATUS.equals(envelope.type())) {
        return; // a type this version does not know
      }
      store.save(EventJson.payload(envelope, AgentStatus.class));
    } catch (EventJson.MalformedEventException e) {
      LOG.warnf(
          "agent-status: skipping malformed record at offset %d: %s",
          record.offset(), e.getMessage());
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
