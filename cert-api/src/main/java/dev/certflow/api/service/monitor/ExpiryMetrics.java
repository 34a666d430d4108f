package dev.certflow.api.service.monitor;

import dev.certflow.api.config.CertflowConfig;
import dev.certflow.api.entity.OutboxWritten;
import dev.certflow.api.service.SqlValues;
import dev.certflow.kafka.ScheduledRounds;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus gauges: {@code certflow_certificates{status}} (how many certificates are valid,
 * expiring, expired, pending, failed), {@code certflow_certificate_earliest_expiry_seconds}, and
 * {@code certflow_certificate_expiry_seconds{name}} (seconds until expiry, negative once expired)
 * for the certificates that are expiring or expired, soonest first and at most {@value #MAX_NAMED}:
 * a series per certificate for a whole fleet would make every scrape megabytes. The named series
 * only behind {@code CERTFLOW_METRICS_TOKEN} or with {@code CERTFLOW_METRICS_NAMES=true}. Each
 * refresh is two indexed queries, run at most every {@value #MIN_GAP_SECONDS} s after a change and
 * every 15 s, so uploads do not add to its cost.
 */
@ApplicationScoped
public class ExpiryMetrics {

  static final int MAX_NAMED = 1000;
  static final int MIN_GAP_SECONDS = 5;

  private final EntityManager em;
  private final boolean named;
  private final MultiGauge expiry;
  private final MultiGauge counts;
  private final Timer refreshes;
  private final AtomicLong earliest = new AtomicLong();
  private final AtomicBoolean changed = new AtomicBoolean(true);
  private volatile long lastRefresh = System.nanoTime() - 60_000_000_000L;
  private final ScheduledRounds rounds =
      new ScheduledRounds("expiry-metrics", Duration.ofMinutes(5));

  ExpiryMetrics(EntityManager em, MeterRegistry registry, CertflowConfig config) {
    this.em = em;
    // Names only where the metrics are not open to anyone who reaches the port, or by choice.
    this.named =
        config.metricsNames() || config.metricsToken().filter(t -> !t.isBlank()).isPresent();
    this.refreshes =
        Timer.builder("certflow.expiry.refresh")
            .description("Refreshes of the expiry gauges")
            .register(registry);
    this.expiry =
        MultiGauge.builder("certflow.certificate.expiry.seconds")
            .description("Seconds until an expiring or expired certificate's current version ends")
            .baseUnit("seconds")
            .register(registry);
    this.counts =
        MultiGauge.builder("certflow.certificates")
            .description("Certificates by status")
            .register(registry);
    Gauge.builder("certflow.certificate.earliest.expiry.seconds", earliest, AtomicLong::get)
        .description("Seconds until the first certificate to expire ends")
        .register(registry);
    Gauge.builder("certflow.outbox.pending", this, ExpiryMetrics::outboxPending)
        .description("Outbox rows not yet published to Kafka")
        .register(registry);
  }

  /** Marks the gauges stale after a committed change. */
  void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten event) {
    changed.set(true);
  }

  @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refreshIfChanged() {
    rounds.run(
        () -> {
          long since = System.nanoTime() - lastRefresh;
          if ((changed.get() && since >= MIN_GAP_SECONDS * 1_000_000_000L)
              || since > 15_000_000_000L) {
            changed.set(false);
            refreshes.record(() -> refresh());
          }
        });
  }

  @PreDestroy
  void close() {
    rounds.close();
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  void refresh() {
    lastRefresh = System.nanoTime();
    Instant now = Instant.now();
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    "select count(*) filter (where current_version is null and last_error is not"
                        + " null), count(*) filter (where current_version is null and last_error"
                        + " is null), count(*) filter (where not_after <= ?1), count(*) filter"
                        + " (where not_after > ?1 and expiring_at <= ?1), count(*) filter (where"
                        + " expiring_at > ?1), min(not_after) filter (where not_after > ?1)"
                        + " from certificate")
                .setParameter(1, now)
                .getSingleResult();
    String[] statuses = {"failed", "pending", "expired", "expiring", "valid"};
    List<MultiGauge.Row<?>> byStatus = new ArrayList<>();
    for (int i = 0; i < statuses.length; i++) {
      byStatus.add(MultiGauge.Row.of(Tags.of("status", statuses[i]), (Number) row[i]));
    }
    counts.register(byStatus, true);
    Instant first = SqlValues.instant(row[5]);
    earliest.set(first == null ? 0 : Duration.between(now, first).toSeconds());
    if (!named) {
      return;
    }
    @SuppressWarnings("unchecked")
    List<Object[]> named =
        em.createNativeQuery(
                "select name, not_after from certificate where expiring_at <= ?1"
                    + " order by expiring_at limit "
                    + MAX_NAMED)
            .setParameter(1, now)
            .getResultList();
    expiry.register(
        named.stream()
            .map(
                r ->
                    MultiGauge.Row.of(
                        Tags.of("name", (String) r[0]),
                        Duration.between(now, SqlValues.instant(r[1])).toSeconds()))
            .toList(),
        true);
  }

  @Transactional
  double outboxPending() {
    return ((Number) em.createQuery("select count(o) from OutboxEntry o").getSingleResult())
        .doubleValue();
  }
}
