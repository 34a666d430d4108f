package dev.certflow.worker.challenge;

import dev.certflow.events.AgentStatus;
import dev.certflow.events.CompactedTopicFollower;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import dev.certflow.worker.acme.AcmeFailure;
import dev.certflow.worker.config.WorkerConfig;
import dev.certflow.worker.messaging.WorkerKafka;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

/**
 * Which HTTP-01 tokens each live proxy agent serves, from the agents' own reports, so a challenge
 * is triggered only once the nodes the CA may reach can answer it.
 */
@ApplicationScoped
public class AgentTokens implements CompactedTopicFollower.Handler {

  private static final Logger LOG = Logger.getLogger(AgentTokens.class);

  private final WorkerKafka kafka;
  private final Topics topics;
  private final WorkerConfig config;
  private final Map<String, AgentStatus> agents = new ConcurrentHashMap<>();
  private CompactedTopicFollower follower;

  AgentTokens(WorkerKafka kafka, Topics topics, WorkerConfig config) {
    this.kafka = kafka;
    this.topics = topics;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    follower = new CompactedTopicFollower(topics.agentStatus(), kafka::consumer, this).start();
  }

  void stop(@Observes ShutdownEvent event) {
    if (follower != null) {
      follower.close();
    }
  }

  @Override
  public void onBatch(ConsumerRecords<String, String> records) {
    for (ConsumerRecord<String, String> record : records) {
      if (record.value() == null) {
        agents.remove(record.key());
        continue;
      }
      try {
        var envelope = EventJson.read(record.value());
        if (EventType.AGENT_STATUS.equals(envelope.type())) {
          AgentStatus status = EventJson.payload(envelope, AgentStatus.class);
          agents.merge(
              status.agentId(),
              status,
              (old, next) -> next.reportedAt().isBefore(old.reportedAt()) ? old : next);
        }
      } catch (EventJson.MalformedEventException e) {
        LOG.debugf("agent-status: skipping malformed record: %s", e.getMessage());
      }
    }
  }

  /**
   * Waits until every live agent reports the token (bounded by {@code CERTFLOW_CHALLENGE_WAIT}).
   * After the wait, proceeds if at least one serves it: a node that is slow or gone should not
   * block issuance when another can answer.
   *
   * @throws AcmeFailure (retryable) when no agent serves the token
   */
  public void awaitServed(String token) throws AcmeFailure, InterruptedException {
    Instant deadline = Instant.now().plus(config.challengeWait());
    long pause = 5;
    while (true) {
      Instant fresh = Instant.now().minus(config.agentFreshness());
      List<AgentStatus> live =
          agents.values().stream().filter(a -> a.reportedAt().isAfter(fresh)).toList();
      List<String> missing =
          live.stream()
              .filter(a -> !a.challenges().contains(token))
              .map(AgentStatus::agentId)
              .toList();
      if (!live.isEmpty() && missing.isEmpty()) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        if (missing.size() < live.size()) {
          LOG.warnf("HTTP-01 token not yet served by %s; triggering anyway", missing);
          return;
        }
        throw AcmeFailure.retryable(
            "certflow:no-agent",
            live.isEmpty()
                ? "no proxy agent has reported in the last "
                    + config.agentFreshness().toSeconds()
                    + " s"
                : "no proxy agent serves the HTTP-01 token after "
                    + config.challengeWait().toSeconds()
                    + " s");
      }
      Thread.sleep(pause);
      pause = Math.min(100, pause * 2);
    }
  }

  /** For tests and health: how many agents reported recently. */
  public long liveAgents(Duration within) {
    Instant fresh = Instant.now().minus(within);
    return agents.values().stream().filter(a -> a.reportedAt().isAfter(fresh)).count();
  }
}
