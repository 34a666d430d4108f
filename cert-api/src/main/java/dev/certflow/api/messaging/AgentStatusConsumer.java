package dev.certflow.api.messaging;

import dev.certflow.api.service.AgentStatusStore;
import dev.certflow.events.AgentStatus;
import dev.certflow.events.CompactedTopicReader;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads the compacted {@code agent-status} topic whole (no consumer group) into PostgreSQL. Every
 * cert-api replica does so; the store's upsert keeps the newest report, so repeats and races change
 * nothing. Without a group, a restarted cert-api does not wait for the crashed member's session to
 * expire before it sees reports again.
 */
@ApplicationScoped
public class AgentStatusConsumer {

  private static final Logger LOG = Logger.getLogger(AgentStatusConsumer.class);

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
      try (KafkaConsumer<String, String> kafka = clients.consumer()) {
        consumer = kafka;
        CompactedTopicReader reader = new CompactedTopicReader(kafka, topics.agentStatus());
        while (running && !reader.assignFromBeginning()) {
          pause(); // cert-api creates the topic; wait for it
        }
        while (running) {
          for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(500))) {
            handle(record);
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
