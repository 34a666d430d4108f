package dev.certflow.api.messaging;

import dev.certflow.api.config.CertflowConfig;
import dev.certflow.api.entity.OutboxEntry;
import dev.certflow.api.entity.OutboxWritten;
import dev.certflow.events.Topics;
import dev.certflow.kafka.InternalThreads;
import dev.certflow.security.RecordSignature;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in id order, then deletes them. Woken right after each commit that
 * wrote rows (for sub-second propagation) and every second as a safety net. A PostgreSQL advisory
 * lock lets one cert-api replica relay at a time, which keeps per-key order. Delivery is at least
 * once: a crash between the acknowledgement and the delete re-sends a row, which consumers
 * tolerate.
 */
@ApplicationScoped
public class OutboxRelay {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
  private static final long LOCK_ID = 0x63657274666c6f77L; // "certflow"
  private static final int BATCH = 200;

  private final Producer<String, String> producer;
  private final RecordSignature.Signer signer;
  private final TopicCreator topicCreator;
  private final EntityManager em;
  private final Topics topics;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));
  private final AtomicBoolean queued = new AtomicBoolean();
  private volatile boolean failing;
  private volatile Instant drainingSince;
  private static final Duration LOCK_PATIENCE = Duration.ofSeconds(30);
  private Instant lockedOut;
  private boolean lockWarned;

  OutboxRelay(
      Producer<String, String> producer,
      TopicCreator topicCreator,
      EntityManager em,
      Topics topics,
      CertflowConfig config) {
    this.signer =
        config.signingKey().filter(k -> !k.isBlank()).map(RecordSignature.Signer::new).orElse(null);
    if (signer == null) {
      LOG.warn(
          "CERTFLOW_SIGNING_KEY is not set: records are published unsigned, and agents that"
              + " verify (CERTFLOW_SIGNING_PUBLIC_KEY) refuse them");
    }
    this.producer = producer;
    this.topicCreator = topicCreator;
    this.em = em;
    this.topics = topics;
  }

  void onStart(@Observes StartupEvent event) {
    // A round blocked for longer than any Kafka or database timeout allows is a hung relay.
    InternalThreads.watchWork("outbox-relay", () -> drainingSince, Duration.ofMinutes(2));
    wake();
  }

  void onShutdown(@Observes ShutdownEvent event) {
    executor.shutdownNow();
  }

  void onWritten(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten event) {
    wake();
  }

  @Scheduled(
      every = "${certflow.outbox-poll:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void poll() {
    wake();
  }

  /** Schedules a drain unless one is already queued. */
  public void wake() {
    if (queued.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        queued.set(false); // shutting down
      }
    }
  }

  private void drain() {
    queued.set(false);
    drainingSince = Instant.now();
    try {
      // Topics first, even with nothing to publish, so agents and consumers find them at once.
      topicCreator.ensureCreated();
      int sent;
      do {
        drainingSince = Instant.now(); // per batch: a long backlog is no stall, a hung batch is
        sent = QuarkusTransaction.requiringNew().call(this::relayBatch);
      } while (sent == BATCH);
      if (failing) {
        LOG.info("outbox relay: Kafka reachable again, publishing resumed");
        failing = false;
      }
    } catch (Exception e) {
      if (!failing) {
        LOG.warnf("outbox relay: publishing failed, rows kept for retry: %s", e.toString());
        failing = true;
      }
    } finally {
      drainingSince = null;
    }
  }

  private int relayBatch() throws Exception {
    Object locked =
        em.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
            .setParameter(1, LOCK_ID)
            .getSingleResult();
    if (!Boolean.TRUE.equals(locked)) {
      lockedOutSince(Instant.now()); // another replica is relaying
      return 0;
    }
    lockedOut = null;
    List<OutboxEntry> batch =
        em.createQuery("from OutboxEntry order by id", OutboxEntry.class)
            .setMaxResults(BATCH)
            .getResultList();
    if (batch.isEmpty()) {
      return 0;
    }
    List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
    // The last bundle of each certificate in this batch (rows are in id order).
    Map<String, Sent> positions = new HashMap<>();
    String topic = null;
    for (OutboxEntry entry : batch) {
      if (topic != null && !topic.equals(entry.topic)) {
        // Kafka orders records within a partition only. Where the topic changes, what came
        // before is acknowledged first, so that, say, a channel is in Kafka before the alert
        // that names it.
        awaitAll(acks);
      }
      topic = entry.topic;
      Future<RecordMetadata> ack = producer.send(signed(entry));
      acks.add(ack);
      if (entry.topic.equals(topics.certificates()) && entry.payload != null) {
        positions.put(entry.messageKey, new Sent(entry.id, ack));
      }
    }
    awaitAll(acks);
    recordPositions(positions);
    // By id, not by range: a row with a lower id may commit after this batch was read.
    // One statement shape whatever the batch size, so the query plan is made once.
    em.createNativeQuery("delete from outbox where id = any(?1)")
        .setParameter(1, batch.stream().map(entry -> entry.id).toArray(Long[]::new))
        .executeUpdate();
    return batch.size();
  }

  private record Sent(long outboxId, Future<RecordMetadata> ack) {}

  /**
   * The row as a record, signed with its id as the sequence: ids only grow, so a consumer that
   * keeps the highest sequence per key refuses a replay of an older record.
   */
  private ProducerRecord<String, String> signed(OutboxEntry entry) {
    ProducerRecord<String, String> record =
        new ProducerRecord<>(entry.topic, entry.messageKey, entry.payload);
    if (signer != null) {
      record
          .headers()
          .add(
              RecordSignature.SEQUENCE_HEADER,
              Long.toString(entry.id).getBytes(StandardCharsets.US_ASCII))
          .add(
              RecordSignature.SIGNATURE_HEADER,
              signer
                  .sign(entry.topic, entry.messageKey, entry.id, entry.payload)
                  .getBytes(StandardCharsets.US_ASCII));
    }
    return record;
  }

  /**
   * Another session holds the relay lock: normal while another replica relays, a fault when it
   * lasts (a session stuck inside a relay transaction holds every replica's rows back). Said once
   * per stretch, at WARN.
   */
  private void lockedOutSince(Instant now) {
    if (lockedOut == null) {
      lockedOut = now;
      lockWarned = false;
    } else if (!lockWarned && Duration.between(lockedOut, now).compareTo(LOCK_PATIENCE) > 0) {
      LOG.warnf(
          "outbox relay: another session has held the relay lock since %s; %d rows wait",
          lockedOut, pending());
      lockWarned = true;
    }
  }

  /**
   * Records where each certificate's bundle landed, so that a node's report of how far it has read
   * tells exactly which certificates it serves. A certificate with a later row still waiting keeps
   * no position: that row is what its nodes must reach.
   */
  private void recordPositions(Map<String, Sent> positions) throws Exception {
    if (positions.isEmpty()) {
      return;
    }
    int n = positions.size();
    String[] names = new String[n];
    Integer[] partitions = new Integer[n];
    Long[] offsets = new Long[n];
    Long[] ids = new Long[n];
    int i = 0;
    for (Map.Entry<String, Sent> sent : positions.entrySet()) {
      RecordMetadata metadata = sent.getValue().ack().get();
      names[i] = sent.getKey();
      partitions[i] = metadata.partition();
      offsets[i] = metadata.offset();
      ids[i] = sent.getValue().outboxId();
      i++;
    }
    em.createNativeQuery(
            "update certificate c set published_partition = p.partition,"
                + " published_offset = p.off, published_at = now()"
                + " from unnest(?1, ?2, ?3, ?4) as p(name, partition, off, outbox_id)"
                + " where c.name = p.name and not exists (select 1 from outbox o"
                + " where o.topic = ?5 and o.message_key = p.name and o.id > p.outbox_id)")
        .setParameter(1, names)
        .setParameter(2, partitions)
        .setParameter(3, offsets)
        .setParameter(4, ids)
        .setParameter(5, topics.certificates())
        .executeUpdate();
  }

  /** Rows waiting to be published. */
  public long pending() {
    return OutboxEntry.count();
  }

  private static void awaitAll(List<Future<RecordMetadata>> acks) throws Exception {
    for (Future<RecordMetadata> ack : acks) {
      ack.get(15, TimeUnit.SECONDS);
    }
    acks.clear();
  }
}
