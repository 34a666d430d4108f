package dev.certflow.worker.challenge;

import dev.certflow.events.AgentChallenges;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import dev.certflow.kafka.CompactedTopicFollower;
import dev.certflow.kafka.PoisonRecords;
import dev.certflow.worker.acme.AcmeFailure;
import dev.certflow.worker.config.WorkerConfig;
import dev.certflow.worker.kafka.WorkerKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

/**
 * Which HTTP-01 tokens each live proxy agent serves, from the agents' own reports on {@code
 * agent-challenges}, so a challenge is triggered only once the nodes the CA may reach can answer
 * it. Orders waiting for a token are woken by each new report rather than polling.
 */
@ApplicationScoped
public class AgentTokens implements CompactedTopicFollower.Handler {

  private static final Logger LOG = Logger.getLogger(AgentTokens.class);

  /** One node's latest report, with its tokens as a set for the waiting orders' look-ups. */
  private record Report(Instant reportedAt, Set<String> tokens) {}

  private final WorkerKafka kafka;
  private final Topics topics;
  private final WorkerConfig config;
  private final PoisonRecords poison;
  private final Map<String, Report> agents = new ConcurrentHashMap<>();
  private final Object reports = new Object();
  private long batches; // guarded by reports: lets a waiting order tell that a new batch came
  private CompactedTopicFollower follower;

  AgentTokens(WorkerKafka kafka, Topics topics, WorkerConfig config, MeterRegistry registry) {
    this.poison = new PoisonRecords(registry);
    this.kafka = kafka;
    this.topics = topics;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    follower = new CompactedTopicFollower(topics.agentChallenges(), kafka::consumer, this).start();
  }

  void stop(@Observes ShutdownEvent event) {
    if (follower != null) {
      follower.close();
    }
  }

  @Override
  public void onBatch(ConsumerRecords<String, String> records) {
    for (ConsumerRecord<String, String> record : CompactedTopicFollower.latestPerKey(records)) {
      if (record.value() == null) {
        agents.remove(record.key());
        continue;
      }
      try {
        var envelope = EventJson.read(record.value());
        if (EventType.AGENT_CHALLENGES.equals(envelope.type())) {
          AgentChallenges report = EventJson.payload(envelope, AgentChallenges.class);
          agents.merge(
              report.agentId(),
              new Report(report.reportedAt(), Set.copyOf(report.tokens())),
              (old, next) -> next.reportedAt().isBefore(old.reportedAt()) ? old : next);
        }
      } catch (RuntimeException e) {
        poison.skip(record, e.getMessage());
      }
    }
    synchronized (reports) {
      batches++;
      reports.notifyAll();
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
    while (true) {
      long seen;
      synchronized (reports) {
        seen = batches;
      }
      Instant fresh = Instant.now().minus(config.agentFreshness());
      List<Map.Entry<String, Report>> live =
          agents.entrySet().stream().filter(a -> a.getValue().reportedAt().isAfter(fresh)).toList();
      List<String> missing =
          live.stream()
              .filter(a -> !a.getValue().tokens().contains(token))
              .map(Map.Entry::getKey)
              .toList();
      if (!live.isEmpty() && missing.isEmpty()) {
        return;
      }
      Instant now = Instant.now();
      if (now.isAfter(deadline)) {
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
      synchronized (reports) {
        // Woken by the next batch; at least once a second, as nodes also go stale by time.
        if (batches == seen) {
          reports.wait(Math.max(1, Math.min(1_000, Duration.between(now, deadline).toMillis())));
        }
      }
    }
  }

  /** For tests and health: how many agents reported recently. */
  public long liveAgents(Duration within) {
    Instant fresh = Instant.now().minus(within);
    return agents.values().stream().filter(a -> a.reportedAt().isAfter(fresh)).count();
  }
}
