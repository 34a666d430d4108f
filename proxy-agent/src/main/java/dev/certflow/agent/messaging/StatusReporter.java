package dev.certflow.agent.messaging;

import dev.certflow.agent.challenge.ChallengeStore;
import dev.certflow.agent.config.AgentConfig;
import dev.certflow.agent.files.CertificateFiles;
import dev.certflow.agent.store.CertificateStore;
import dev.certflow.agent.store.ServedCertificate;
import dev.certflow.events.AgentChallenges;
import dev.certflow.events.AgentStatus;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Publishes what this node serves to {@code agent-status}: right after each change (coalesced over
 * {@code CERTFLOW_STATUS_COALESCE}) and every {@code CERTFLOW_STATUS_INTERVAL} so cert-api can tell
 * a silent node. The HTTP-01 tokens go to {@code agent-challenges} as soon as they change: an ACME
 * order waits for that acknowledgement, and it is a few bytes where a full report lists every
 * certificate of the node.
 */
@ApplicationScoped
public class StatusReporter {

  private static final Logger LOG = Logger.getLogger(StatusReporter.class);

  /** How long a removed token may still be listed in this node's acknowledgements. */
  static final Duration REMOVAL_DELAY = Duration.ofSeconds(1);

  private final AgentConfig config;
  private final Topics topics;
  private final CertificateStore store;
  private final AgentKafka kafka;
  private final Instance<CertificateFeed> feed;
  private final ChallengeStore challenges;
  private final CertificateFiles files;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "status-reporter"));
  private final AtomicBoolean pending = new AtomicBoolean();
  private final AtomicBoolean challengesPending = new AtomicBoolean();
  private final AtomicBoolean removalsPending = new AtomicBoolean();
  private final Counter failures;
  private volatile Instant failingSince;
  private KafkaProducer<String, String> producer;
  private ScheduledFuture<?> periodic;
  private volatile ScheduledFuture<?> nextReport;

  StatusReporter(
      AgentConfig config,
      Topics topics,
      CertificateStore store,
      AgentKafka kafka,
      Instance<CertificateFeed> feed,
      ChallengeStore challenges,
      CertificateFiles files,
      MeterRegistry registry) {
    this.files = files;
    this.config = config;
    this.topics = topics;
    this.store = store;
    this.kafka = kafka;
    this.feed = feed;
    this.challenges = challenges;
    this.failures =
        Counter.builder("certflow.agent.report.failures")
            .description("Status and token reports that could not be delivered to Kafka")
            .register(registry);
  }

  void start(@Observes StartupEvent event) {
    long interval = config.statusInterval().toMillis();
    // Workers count a node as live from its token reports: make one now, not an interval later.
    executor.execute(this::publishChallenges);
    periodic =
        executor.scheduleWithFixedDelay(
            () -> {
              publish();
              publishChallenges();
            },
            interval,
            interval,
            TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    for (ScheduledFuture<?> task : new ScheduledFuture<?>[] {periodic, nextReport}) {
      if (task != null) {
        task.cancel(false);
      }
    }
    executor.shutdown();
    executor.awaitTermination(5, TimeUnit.SECONDS);
    if (producer != null) {
      producer.close(Duration.ofSeconds(2));
    }
  }

  /** Reports soon; several calls in quick succession make one report. */
  public void changed() {
    if (pending.compareAndSet(false, true)) {
      nextReport =
          executor.schedule(
              () -> {
                pending.set(false);
                publish();
              },
              config.statusCoalesce().toMillis(),
              TimeUnit.MILLISECONDS);
    }
  }

  /** Reports the HTTP-01 tokens now: an order waits for this acknowledgement. */
  public void challengesChanged() {
    reportChallenges(challengesPending, 0);
  }

  /**
   * Reports the HTTP-01 tokens within {@link #REMOVAL_DELAY}: nothing waits for a removal, and
   * batching them halves the acknowledgements each order costs Kafka and every worker.
   */
  public void challengesRemoved() {
    reportChallenges(removalsPending, REMOVAL_DELAY.toMillis());
  }

  /**
   * Reports the tokens after the delay. Changes that arrive while a report waits join it, since the
   * report reads the tokens when it runs.
   */
  @SuppressWarnings("FutureReturnValueIgnored") // publishChallenges handles its own failures
  private void reportChallenges(AtomicBoolean waiting, long delayMillis) {
    if (waiting.compareAndSet(false, true)) {
      try {
        executor.schedule(
            () -> {
              waiting.set(false);
              publishChallenges();
            },
            delayMillis,
            TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        LOG.debug("shutting down: tokens not reported"); // the node is leaving anyway
      }
    }
  }

  /** The report this node would send now: a summary whose size does not grow with the fleet. */
  public AgentStatus snapshot() {
    CertificateFeed certificates = feed.get();
    // Positions first: refusals are recorded before the position moves past them, so read in
    // this order the report never claims a refused record as applied.
    Map<Integer, Long> positions = certificates.positions();
    Map<String, String> refused = certificates.rejected();
    List<AgentStatus.Rejected> named =
        refused.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .limit(AgentStatus.MAX_REJECTED)
            .map(
                e -> {
                  ServedCertificate serving = store.table().byName(e.getKey());
                  return new AgentStatus.Rejected(
                      e.getKey(), serving == null ? null : serving.version(), e.getValue());
                })
            .toList();
    Map<String, String> unwritten = new TreeMap<>(files.failures());
    return new AgentStatus(
        config.agentId(),
        config.tlsHost() + ":" + config.tlsPort(),
        Instant.now(),
        certificates.caughtUp(),
        store.table().all().size(),
        positions,
        named,
        refused.size(),
        unwritten.size(),
        unwritten.isEmpty() ? null : unwritten.values().iterator().next());
  }

  /** Since when reports fail to reach Kafka; null while they are delivered. */
  public Instant failingSince() {
    return failingSince;
  }

  private void publish() {
    send(topics.agentStatus(), EventType.AGENT_STATUS, snapshot());
  }

  private void publishChallenges() {
    send(
        topics.agentChallenges(),
        EventType.AGENT_CHALLENGES,
        new AgentChallenges(config.agentId(), Instant.now(), challenges.tokens()));
  }

  /** Runs on the executor only, which owns the producer. */
  @SuppressWarnings("FutureReturnValueIgnored") // the send's outcome is handled in its callback
  private void send(String topic, String type, Object report) {
    try {
      if (producer == null) {
        producer = kafka.producer();
      }
      String payload = EventJson.write(Envelope.of(type, report));
      producer.send(
          new ProducerRecord<>(topic, config.agentId(), payload),
          (metadata, failure) -> {
            if (failure == null) {
              delivered();
            } else {
              failed(type, failure);
            }
          });
    } catch (RuntimeException e) {
      failed(type, e);
    }
  }

  private void delivered() {
    if (failingSince != null) {
      LOG.infof("reports reach Kafka again (failing since %s)", failingSince);
      failingSince = null;
    }
  }

  /** A report that cannot be sent is an error: counted, and logged once per run of failures. */
  private void failed(String type, Exception failure) {
    failures.increment();
    if (failingSince == null) {
      failingSince = Instant.now();
      LOG.warnf(
          "%s report not delivered, retried at the next change or interval: %s",
          type, failure.toString());
    }
  }
}
