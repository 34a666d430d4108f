package dev.certflow.api.service.order;

import dev.certflow.api.config.CertflowConfig;
import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.api.pem.CertificateChainReader;
import dev.certflow.api.pem.PemException;
import dev.certflow.api.service.ca.CaDirectories;
import dev.certflow.api.service.ca.RenewalWindow;
import dev.certflow.events.RenewalCertId;
import dev.certflow.kafka.ScheduledRounds;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * Follows ACME Renewal Information (RFC 9773) for every ACME certificate whose CA offers it: asks
 * the issuing CA for the suggested window of the current version, renews at a random moment inside
 * it (so a fleet's renewals spread out), asks again after the CA's Retry-After, and renews at once
 * when the window has moved into the past (the CA's signal that it will revoke the certificate).
 * Without renewal information the schedule of {@code buffer_days} stands.
 *
 * <p>Rows are claimed by moving their next check ten minutes ahead in one statement ({@code FOR
 * UPDATE SKIP LOCKED}), so replicas share the work; the CA is asked outside any transaction.
 */
@ApplicationScoped
public class RenewalInfoScheduler {

  private static final Logger LOG = Logger.getLogger(RenewalInfoScheduler.class);
  private static final int BATCH = 50;
  private static final Duration CLAIM = Duration.ofMinutes(10);
  private static final Duration AFTER_ERROR = Duration.ofHours(1);
  private static final int ASKERS = 8;

  private final EntityManager em;
  private final CaDirectories directories;
  private final CertflowConfig config;
  private final ScheduledRounds rounds;
  private final RandomGenerator random = new SecureRandom();
  private final ExecutorService askers =
      Executors.newFixedThreadPool(
          ASKERS,
          runnable -> {
            Thread thread = new Thread(runnable, "renewal-info");
            thread.setDaemon(true);
            return thread;
          });

  /** A certificate whose renewal information is due, as claimed. */
  record Due(long id, String certId, String ca, String fullchain) {}

  RenewalInfoScheduler(EntityManager em, CaDirectories directories, CertflowConfig config) {
    this.em = em;
    this.directories = directories;
    this.config = config;
    this.rounds =
        new ScheduledRounds(
            "renewal-info", config.renewalInfoCheck().multipliedBy(3).plus(Duration.ofMinutes(5)));
  }

  @Scheduled(
      every = "${certflow.renewal-info-check:30s}",
      delayed = "5s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void check() {
    rounds.run(
        () -> {
          List<Due> due;
          do {
            due = QuarkusTransaction.requiringNew().call(this::claim);
            // The CA is asked for a batch's certificates at once: each answer is a network round
            // trip, and at 100,000 certificates and a 6 h Retry-After five are due every second.
            List<Future<?>> asked = new ArrayList<>();
            for (Due certificate : due) {
              asked.add(askers.submit(() -> follow(certificate)));
            }
            for (Future<?> answer : asked) {
              try {
                answer.get();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              } catch (ExecutionException e) {
                LOG.errorf(e.getCause(), "following renewal information failed");
              }
            }
          } while (due.size() == BATCH);
        });
  }

  @PreDestroy
  void close() {
    rounds.close();
    askers.shutdownNow();
  }

  @SuppressWarnings("unchecked") // a native query of four columns gives Object[] rows
  List<Due> claim() {
    List<Object[]> rows =
        em.createNativeQuery(
                "update certificate c set ari_check_at = now() + make_interval(secs => ?1)"
                    + " from certificate_version v"
                    + " where v.certificate_id = c.id and v.version = c.current_version"
                    + " and c.id in (select id from certificate where ari_check_at <= now()"
                    + " order by ari_check_at limit "
                    + BATCH
                    + " for update skip locked)"
                    + " returning c.id, c.ari_cert_id, coalesce(v.acme_ca,"
                    + " split_part(c.acme_ca, ',', 1)),"
                    + " case when c.ari_cert_id is null then v.fullchain end")
            .setParameter(1, (double) CLAIM.toSeconds())
            .getResultList();
    return rows.stream()
        .map(r -> new Due(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3]))
        .toList();
  }

  private void follow(Due due) {
    String certId = due.certId() != null ? due.certId() : certIdOf(due);
    if (certId == null) {
      QuarkusTransaction.requiringNew().run(() -> stop(due.id()));
      return;
    }
    try {
      Optional<RenewalWindow> window = directories.renewalInfo(due.ca(), certId);
      QuarkusTransaction.requiringNew().run(() -> apply(due.id(), certId, window));
    } catch (IOException e) {
      LOG.warnf(
          "certificate id %d: renewal information from %s could not be read (asking again in %s):"
              + " %s",
          due.id(), due.ca(), AFTER_ERROR, e.getMessage());
      QuarkusTransaction.requiringNew().run(() -> later(due.id(), certId));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String certIdOf(Due due) {
    try {
      return due.fullchain() == null
          ? null
          : RenewalCertId.of(CertificateChainReader.read(due.fullchain()).get(0)).orElse(null);
    } catch (PemException | IllegalArgumentException e) {
      return null;
    }
  }

  void apply(long id, String certId, Optional<RenewalWindow> window) {
    CertificateEntity certificate =
        em.find(CertificateEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (certificate == null
        || (certificate.ariCertId != null && !certificate.ariCertId.equals(certId))) {
      return; // deleted, or a new version came meanwhile (its own check is due)
    }
    certificate.ariCertId = certId;
    if (window.isEmpty()) {
      // The CA offers no renewal information: the schedule stands; look again in a day.
      certificate.ariCheckAt = Instant.now().plus(config.renewalInfoMaxInterval());
      certificate.ariWindowStart = null;
      certificate.ariWindowEnd = null;
      return;
    }
    RenewalWindow suggested = window.get();
    Instant now = Instant.now();
    certificate.ariCheckAt = now.plus(clamp(suggested.retryAfter()));
    boolean moved =
        !suggested.start().equals(certificate.ariWindowStart)
            || !suggested.end().equals(certificate.ariWindowEnd);
    certificate.ariWindowStart = suggested.start();
    certificate.ariWindowEnd = suggested.end();
    if (certificate.currentOrderId != null || certificate.attempts > 0) {
      return; // an order is in flight, or back-off after a failure decides
    }
    if (!suggested.end().isAfter(now)) {
      if (certificate.nextAttemptAt == null || certificate.nextAttemptAt.isAfter(now)) {
        LOG.infof(
            "certificate %s: the CA's renewal window ended %s: renewing at once",
            certificate.name, suggested.end());
      }
      certificate.nextAttemptAt = now;
      return;
    }
    boolean inside =
        certificate.nextAttemptAt != null
            && !certificate.nextAttemptAt.isBefore(suggested.start())
            && certificate.nextAttemptAt.isBefore(suggested.end());
    if (moved || !inside) {
      long span = Duration.between(suggested.start(), suggested.end()).toMillis();
      Instant at = suggested.start().plusMillis(span > 0 ? random.nextLong(span) : 0);
      if (certificate.bufferDays != null && certificate.notAfter != null) {
        // An operator's buffer_days is a promise of that much validity left: never renew later.
        Instant promised = certificate.notAfter.minus(Duration.ofDays(certificate.bufferDays));
        at = at.isAfter(promised) ? promised : at;
      }
      certificate.nextAttemptAt = at.isBefore(now) ? now : at;
      LOG.infof(
          "certificate %s: renewal at %s, inside the CA's window %s .. %s",
          certificate.name, certificate.nextAttemptAt, suggested.start(), suggested.end());
    }
  }

  private Duration clamp(Duration retryAfter) {
    if (retryAfter.compareTo(config.renewalInfoMinInterval()) < 0) {
      return config.renewalInfoMinInterval();
    }
    return retryAfter.compareTo(config.renewalInfoMaxInterval()) > 0
        ? config.renewalInfoMaxInterval()
        : retryAfter;
  }

  void later(long id, String certId) {
    em.createNativeQuery(
            "update certificate set ari_cert_id = ?2, ari_check_at = now() + make_interval(secs"
                + " => ?3) where id = ?1 and (ari_cert_id is null or ari_cert_id = ?2)")
        .setParameter(1, id)
        .setParameter(2, certId)
        .setParameter(3, (double) AFTER_ERROR.toSeconds())
        .executeUpdate();
  }

  void stop(long id) {
    em.createNativeQuery("update certificate set ari_check_at = null where id = ?1")
        .setParameter(1, id)
        .executeUpdate();
  }
}
