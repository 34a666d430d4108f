package dev.certflow.api.messaging;

import dev.certflow.api.service.agent.AgentStatusStore;
import dev.certflow.events.AgentStatus;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import dev.certflow.kafka.CompactedTopicFollower;
import dev.certflow.kafka.PoisonRecords;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * Follows the compacted {@code agent-status} topic whole (no consumer group) into the {@link
 * AgentStatusStore}. Every cert-api replica does so and so sees every node; the store keeps the
 * newest report, so repeats change nothing. Without a group, a restarted cert-api does not wait for
 * the crashed member's session to expire before it sees reports again.
 */
@ApplicationScoped
public class AgentStatusConsumer implements CompactedTopicFollower.Handler {

  private final KafkaClients clients;
  private final Topics topics;
  private final AgentStatusStore store;
  private final PoisonRecords poison;
  private CompactedTopicFollower follower;

  AgentStatusConsumer(
      KafkaClients clients, Topics topics, AgentStatusStore store, MeterRegistry registry) {
    this.clients = clients;
    this.topics = topics;
    this.store = store;
    this.poison = new PoisonRecords(registry);
  }

  void onStart(@Observes StartupEvent event) {
    follower = new CompactedTopicFollower(topics.agentStatus(), clients::consumer, this).start();
  }

  void onStop(@Observes ShutdownEvent event) {
    if (follower != null) {
      follower.close();
    }
  }

  @Override
  public void onCaughtUp() {
    store.markCaughtUp();
  }

  @Override
  public void onTopicMissing() {
    store.markCaughtUp(); // no node has ever reported
  }

  @Override
  public void onBatch(ConsumerRecords<String, String> records) {
    // In a burst of reports only each node's last one is parsed and stored.
    CompactedTopicFollower.latestPerKey(records).forEach(this::handle);
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
      AgentStatus status = EventJson.payload(envelope, AgentStatus.class);
      if (status.agentId() == null || !status.agentId().equals(record.key())) {
        throw new EventJson.MalformedEventException("agent_id does not match the record's key");
      }
      store.save(status);
    } catch (RuntimeException e) {
      // Any record that does not apply is skipped: the follower must not start over on it.
      poison.skip(record, e.getMessage());
    }
  }
}
