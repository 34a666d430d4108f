package dev.certflow.worker.dns;

import dev.certflow.events.DnsCleanup;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import dev.certflow.kafka.CompactedTopicFollower;
import dev.certflow.kafka.PoisonRecords;
import dev.certflow.kafka.ScheduledRounds;
import dev.certflow.security.Digests;
import dev.certflow.worker.acme.AcmeFailure;
import dev.certflow.worker.config.WorkerConfig;
import dev.certflow.worker.kafka.WorkerKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * The TXT records workers asked dns-gateway for and still owe a removal, kept on the compacted
 * {@code dns-cleanups} topic: recorded (and acknowledged by Kafka) before the record is asked for,
 * completed with the gateway's id once it answers, tombstoned once the record is removed. A worker
 * or gateway that dies anywhere in between leaves the record listed, and every worker sweeps what
 * is listed and older than {@code CERTFLOW_DNS_CLEANUP_AFTER} (longer than any order keeps its
 * record), so it is removed once a gateway answers again. An entry without an id (the gateway died
 * before answering) is presented again first, which is harmless and answers with the id. Only
 * records this system asked for are ever touched, and only their own value.
 */
@ApplicationScoped
public class DnsCleanups implements CompactedTopicFollower.Handler {

  private static final Logger LOG = Logger.getLogger(DnsCleanups.class);
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration MAX_BACKOFF = Duration.ofHours(1);

  /** A removal owed, as this worker last read it, and when to try it next. */
  private record Owed(DnsCleanup cleanup, Instant next, int attempts) {}

  private final MutinyEmitter<Record<String, String>> emitter;
  private final WorkerKafka kafka;
  private final Topics topics;
  private final DnsGatewayClient gateway;
  private final Duration after;
  private final Duration sweepEvery;
  private final PoisonRecords poison;
  private final ScheduledRounds rounds =
      new ScheduledRounds("dns-cleanup-sweep", Duration.ofMinutes(10));
  private final Map<String, Owed> owed = new ConcurrentHashMap<>();
  private CompactedTopicFollower follower;

  DnsCleanups(
      @Channel("dns-cleanups") MutinyEmitter<Record<String, String>> emitter,
      WorkerKafka kafka,
      Topics topics,
      DnsGatewayClient gateway,
      WorkerConfig config,
      MeterRegistry registry) {
    this.emitter = emitter;
    this.kafka = kafka;
    this.topics = topics;
    this.gateway = gateway;
    this.after = config.dnsCleanupAfter();
    this.sweepEvery = config.dnsSweep();
    this.poison = new PoisonRecords(registry);
  }

  void start(@Observes StartupEvent event) {
    follower = new CompactedTopicFollower(topics.dnsCleanups(), kafka::consumer, this).start();
  }

  void stop(@Observes ShutdownEvent event) {
    rounds.close();
    if (follower != null) {
      follower.close();
    }
  }

  /**
   * Records that the TXT record is (about to be) out, before it is asked for and again with the
   * gateway's id; the order goes on only once Kafka acknowledged it.
   *
   * @throws AcmeFailure retryable when Kafka does not acknowledge it
   */
  public void owe(DnsCleanup cleanup) throws AcmeFailure {
    try {
      emitter
          .send(
              Record.of(key(cleanup), EventJson.write(Envelope.of(EventType.DNS_CLEANUP, cleanup))))
          .await()
          .atMost(PUBLISH_TIMEOUT);
    } catch (RuntimeException e) {
      throw AcmeFailure.retryable(
          "certflow:kafka", "recording the TXT record for its clean-up failed: " + e.getMessage());
    }
  }

  /** The record is gone: nothing is owed any more. */
  public void settled(DnsCleanup cleanup) {
    try {
      emitter.send(Record.of(key(cleanup), (String) null)).await().atMost(PUBLISH_TIMEOUT);
    } catch (RuntimeException e) {
      // Harmless: the sweep removes the record again (a repeated removal changes nothing).
      LOG.warnf("a removed TXT record is still listed as owed: %s", e.getMessage());
    }
  }

  @Override
  public void onRestart() {
    owed.clear();
  }

  @Override
  public void onBatch(ConsumerRecords<String, String> records) {
    for (ConsumerRecord<String, String> record : records) {
      if (record.key() == null) {
        continue;
      }
      if (record.value() == null) {
        owed.remove(record.key());
        continue;
      }
      try {
        var envelope = EventJson.read(record.value());
        if (EventType.DNS_CLEANUP.equals(envelope.type())) {
          DnsCleanup cleanup = EventJson.payload(envelope, DnsCleanup.class);
          if (cleanup.name() == null || cleanup.value() == null || cleanup.createdAt() == null) {
            throw new EventJson.MalformedEventException("a clean-up without its record or time");
          }
          // The later record of a key (with the id) replaces the earlier; the schedule stays.
          Owed earlier = owed.get(record.key());
          owed.put(
              record.key(),
              earlier == null
                  ? new Owed(cleanup, cleanup.createdAt().plus(after), 0)
                  : new Owed(cleanup, earlier.next(), earlier.attempts()));
        }
      } catch (RuntimeException e) {
        poison.skip(record, e.getMessage());
      }
    }
  }

  @Scheduled(
      every = "${certflow.dns-sweep:30s}",
      delayed = "${certflow.dns-sweep:30s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sweep() {
    rounds.run(
        () -> {
          Instant now = Instant.now();
          owed.forEach(
              (key, entry) -> {
                if (!entry.next().isAfter(now)) {
                  remove(key, entry);
                }
              });
        });
  }

  private void remove(String key, Owed entry) {
    DnsCleanup cleanup = entry.cleanup();
    try {
      String id = cleanup.id();
      if (id == null) {
        try {
          id = gateway.present(cleanup.presentRequest()).path("id").asText();
        } catch (AcmeFailure e) {
          if (e.retryable()) {
            throw e;
          }
          owed.remove(key); // refused: the gateway never created it
          settled(cleanup);
          return;
        }
      }
      gateway.cleanUp(id);
      LOG.infof(
          "certificate %s: removed the TXT record at %s left behind since %s",
          cleanup.certificate(), cleanup.name(), cleanup.createdAt());
      owed.remove(key);
      settled(cleanup);
    } catch (AcmeFailure e) {
      if (!e.retryable()) {
        // Refused for good (CERTFLOW_DNS_KEY changed, the provider's URL no longer valid): left
        // for a person, named in the log.
        LOG.errorf(
            "certificate %s: the TXT record at %s cannot be removed, remove it by hand: %s",
            cleanup.certificate(), cleanup.name(), e.getMessage());
        owed.remove(key);
        settled(cleanup);
        return;
      }
      int attempts = entry.attempts() + 1;
      Duration pause = sweepEvery.multipliedBy(1L << Math.min(attempts, 10));
      if (pause.compareTo(MAX_BACKOFF) > 0) {
        pause = MAX_BACKOFF;
      }
      owed.replace(key, entry, new Owed(cleanup, Instant.now().plus(pause), attempts));
      if (attempts == 1) {
        LOG.warnf(
            "certificate %s: removing the TXT record at %s failed, retrying with back-off: %s",
            cleanup.certificate(), cleanup.name(), e.getMessage());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One key per record a certificate's order asks for: the same value asked again is one entry. */
  private static String key(DnsCleanup cleanup) {
    return Digests.sha256Hex(cleanup.certificate() + "\n" + cleanup.name() + "\n" + cleanup.value())
        .substring(0, 32);
  }
}
