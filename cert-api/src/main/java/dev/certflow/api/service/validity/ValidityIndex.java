package dev.certflow.api.service.validity;

import dev.certflow.api.config.CertflowConfig;
import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.api.pem.CertificateChainReader;
import dev.certflow.api.pem.PemException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps on each certificate row the moments its state changes ({@code expiring_at}, {@code
 * alert_at}) and the facts of its current version that lists and scans filter on, so that a list by
 * status, a sort by expiry and the alert scan are indexed queries whatever the number of
 * certificates. The rules are {@link ValidityRules} and {@link RenewalPolicy}; at start the same
 * rules, written in SQL, bring every row up to date in one statement (after an upgrade, or a change
 * of {@code default-buffer-days}), touching only rows whose values differ.
 */
@ApplicationScoped
public class ValidityIndex {

  private static final Logger LOG = Logger.getLogger(ValidityIndex.class);

  /** RenewalPolicy.renewAt in SQL; whole seconds, as in Java below. */
  private static final String RENEW_AT =
      "case when buffer_days is not null"
          + " then not_after - make_interval(secs => buffer_days * 86400.0)"
          + " when not_after - not_before < interval '10 days'"
          + " then not_after - (not_after - not_before) / 2"
          + " else not_after - (not_after - not_before) / 3 end";

  /** ValidityRules.expiringWithin, as the moment it starts. */
  private static final String EXPIRING_AT =
      "date_trunc('second', case"
          + " when acme then not_after - (not_after - ("
          + RENEW_AT
          + ")) / 4"
          + " when buffer_days is not null"
          + " then not_after - make_interval(secs => buffer_days * 86400.0)"
          + " else greatest(not_after - make_interval(secs => ?1 * 86400.0),"
          + " not_after - (not_after - not_before) / 3) end)";

  private static final String OVERDUE_AT =
      "date_trunc('second', (" + RENEW_AT + ") + (not_after - (" + RENEW_AT + ")) / 2)";

  private final EntityManager em;
  private final CertflowConfig config;

  ValidityIndex(EntityManager em, CertflowConfig config) {
    this.em = em;
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    int changed = recompute();
    if (changed > 0) {
      LOG.infof("validity thresholds brought up to date on %d certificates", changed);
    }
    int filled = fillIssuers();
    if (filled > 0) {
      LOG.infof(
          "first issuer expiry recorded for %d certificates stored before it was kept", filled);
    }
  }

  /** Records the first issuer's expiry where it is missing; returns for how many certificates. */
  public int fillIssuers() {
    int filled = 0;
    long after = 0;
    for (List<Object[]> batch = issuersToFill(after);
        !batch.isEmpty();
        batch = issuersToFill(after)) {
      for (Object[] row : batch) {
        after = ((Number) row[0]).longValue();
        filled += fillIssuer(after, (String) row[1]);
      }
    }
    return filled;
  }

  /**
   * Certificates stored before {@code issuer_not_after} was kept (V6) whose chain has issuers, by
   * id after {@code after}: their chain is read once so the chain alert covers them too.
   */
  @Transactional
  @SuppressWarnings("unchecked") // a native query of two columns gives Object[] rows
  List<Object[]> issuersToFill(long after) {
    return em.createNativeQuery(
            "select c.id, v.fullchain from certificate c join certificate_version v"
                + " on v.certificate_id = c.id and v.version = c.current_version"
                + " where c.issuer_not_after is null and v.chain_length > 1 and c.id > ?1"
                + " order by c.id limit 200")
        .setParameter(1, after)
        .getResultList();
  }

  @Transactional
  int fillIssuer(long id, String fullchain) {
    try {
      Instant first = issuerNotAfter(CertificateChainReader.read(fullchain));
      return em.createNativeQuery("update certificate set issuer_not_after = ?1 where id = ?2")
          .setParameter(1, first)
          .setParameter(2, id)
          .executeUpdate();
    } catch (PemException e) {
      LOG.warnf("certificate id %d: its stored chain does not read: %s", id, e.getMessage());
      return 0;
    }
  }

  /** Brings every row's thresholds up to date; returns how many rows changed. */
  @Transactional
  public int recompute() {
    return em.createNativeQuery(
            "update certificate set expiring_at = "
                + EXPIRING_AT
                + ", alert_at = case when acme then least("
                + EXPIRING_AT
                + ", "
                + OVERDUE_AT
                + ") else "
                + EXPIRING_AT
                + " end where not_after is not null and (expiring_at is distinct from "
                + EXPIRING_AT
                + " or alert_at is null)")
        .setParameter(1, config.defaultBufferDays())
        .executeUpdate();
  }

  /** Brings the row's facts and thresholds up to date with its current version and settings. */
  public void update(
      CertificateEntity certificate, Instant notBefore, Instant notAfter, Instant issuerNotAfter) {
    certificate.notBefore = notBefore;
    certificate.notAfter = notAfter;
    certificate.issuerNotAfter = issuerNotAfter;
    refresh(certificate);
  }

  /** Recomputes the thresholds after a change of settings (buffer_days, ACME or not). */
  public void refresh(CertificateEntity certificate) {
    if (certificate.notAfter == null) {
      certificate.expiringAt = null;
      certificate.alertAt = null;
      return;
    }
    Instant notBefore = certificate.notBefore;
    Instant notAfter = certificate.notAfter;
    Duration within =
        ValidityRules.expiringWithin(
            certificate.acme,
            certificate.bufferDays,
            notBefore,
            notAfter,
            config.defaultBufferDays());
    certificate.expiringAt = notAfter.minus(within).truncatedTo(ChronoUnit.SECONDS);
    certificate.alertAt = certificate.expiringAt;
    if (certificate.acme) {
      Instant renewAt = RenewalPolicy.renewAt(notBefore, notAfter, certificate.bufferDays);
      Instant overdue =
          renewAt
              .plus(Duration.between(renewAt, notAfter).dividedBy(2))
              .truncatedTo(ChronoUnit.SECONDS);
      if (overdue.isBefore(certificate.alertAt)) {
        certificate.alertAt = overdue;
      }
    }
  }

  /** The first issuer of the chain to expire; null for a chain of the leaf alone. */
  public static Instant issuerNotAfter(List<X509Certificate> chain) {
    Instant first = null;
    for (X509Certificate issuer : chain.subList(1, chain.size())) {
      Instant end = issuer.getNotAfter().toInstant();
      if (first == null || end.isBefore(first)) {
        first = end;
      }
    }
    return first;
  }
}
