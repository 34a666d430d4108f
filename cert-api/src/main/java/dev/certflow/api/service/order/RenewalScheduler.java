package dev.certflow.api.service.order;

import dev.certflow.api.config.CertflowConfig;
import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.kafka.ScheduledRounds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Places orders for ACME certificates whose {@code next_attempt_at} has come: first issuance,
 * renewal (the time is set from the renewal window when a version is stored), a retry after
 * back-off, or an order that got no result in time. An order never goes to a CA on hold (rate
 * limited or paused): {@link OrderService#place} moves the certificate to its next CA or to the end
 * of the hold. Rows are taken with {@code FOR UPDATE SKIP LOCKED} and the order is placed in the
 * same transaction, so several cert-api replicas never order twice for one certificate.
 */
@ApplicationScoped
public class RenewalScheduler {

  private static final Logger LOG = Logger.getLogger(RenewalScheduler.class);
  private static final int BATCH = 50;
  // Beyond any pass: a pass that takes longer is stuck (see ScheduledRounds).
  private static final Duration PATIENCE = Duration.ofMinutes(5);

  private final EntityManager em;
  private final OrderService orders;

  private final Timer passes;
  private final ScheduledRounds rounds;

  RenewalScheduler(
      EntityManager em, OrderService orders, CertflowConfig config, MeterRegistry registry) {
    this.rounds =
        new ScheduledRounds(
            "renewal-scheduler", config.renewalCheck().multipliedBy(3).plus(PATIENCE));
    this.em = em;
    this.orders = orders;
    this.passes =
        Timer.builder("certflow.renewal.check")
            .description("Passes of the renewal scheduler")
            .register(registry);
  }

  @Scheduled(
      every = "${certflow.renewal-check:30s}",
      delayed = "5s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void check() {
    rounds.run(
        () ->
            passes.record(
                () -> {
                  int placed;
                  do {
                    placed = QuarkusTransaction.requiringNew().call(this::placeDue);
                  } while (placed == BATCH);
                }));
  }

  @PreDestroy
  void close() {
    rounds.close();
  }

  /** Places orders for one batch of due certificates; returns how many. */
  int placeDue() {
    @SuppressWarnings("unchecked")
    List<CertificateEntity> due =
        em.createNativeQuery(
                "select * from certificate where acme and next_attempt_at <= now()"
                    + " order by next_attempt_at limit "
                    + BATCH
                    + " for update skip locked",
                CertificateEntity.class)
            .getResultList();
    for (CertificateEntity certificate : due) {
      LOG.infof(
          "certificate %s: due (%s)",
          certificate.name,
          certificate.currentOrderId != null
              ? "previous order timed out"
              : certificate.currentVersion == null
                  ? "first issuance or retry"
                  : certificate.attempts > 0 ? "retry" : "renewal");
      orders.place(certificate);
    }
    return due.size();
  }
}
