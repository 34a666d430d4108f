package dev.certflow.api.service;

import dev.certflow.api.messaging.OutboxWritten;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Prometheus gauges: {@code certflow_certificate_expiry_seconds{name}} (seconds until each
 * certificate's current version expires, negative once expired) and the outbox backlog.
 */
@ApplicationScoped
public class ExpiryMetrics {

  private final EntityManager em;
  private final MultiGauge expiry;

  ExpiryMetrics(EntityManager em, MeterRegistry registry) {
    this.em = em;
    this.expiry =
        MultiGauge.builder("certflow.certificate.expiry.seconds")
            .description("Seconds until the certificate's current version expires")
            .baseUnit("seconds")
            .register(registry);
    Gauge.builder("certflow.outbox.pending", this, ExpiryMetrics::outboxPending)
        .description("Outbox rows not yet published to Kafka")
        .register(registry);
  }

  private final java.util.concurrent.atomic.AtomicBoolean changed =
      new java.util.concurrent.atomic.AtomicBoolean(true);

  /** Marks the gauges stale after a committed change; the next second's check refreshes them. */
  void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten event) {
    changed.set(true);
  }

  /** Within a second of a change (one query per burst, not per request), and every 15 s. */
  @Scheduled(every = "1s", delayed = "1s")
  void refreshIfChanged() {
    if (changed.getAndSet(false) || System.nanoTime() - lastRefresh > 15_000_000_000L) {
      refresh();
    }
  }

  private volatile long lastRefresh;

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  void refresh() {
    lastRefresh = System.nanoTime();
    Instant now = Instant.now();
    List<Object[]> rows =
        em.createQuery(
                "select c.name, v.notAfter from CertificateEntity c join CertificateVersionEntity v"
                    + " on v.certificateId = c.id and v.version = c.currentVersion",
                Object[].class)
            .getResultList();
    expiry.register(
        rows.stream()
            .map(
                r ->
                    MultiGauge.Row.of(
                        Tags.of("name", (String) r[0]),
                        Duration.between(now, (Instant) r[1]).toSeconds()))
            .toList(),
        true);
  }

  @Transactional
  double outboxPending() {
    return ((Number) em.createQuery("select count(o) from OutboxEntry o").getSingleResult())
        .doubleValue();
  }
}
