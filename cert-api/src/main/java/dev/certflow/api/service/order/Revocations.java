package dev.certflow.api.service.order;

import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.api.entity.CertificateVersionEntity;
import dev.certflow.api.entity.OutboxEntry;
import dev.certflow.api.entity.OutboxWritten;
import dev.certflow.api.pem.CertificateChainReader;
import dev.certflow.api.pem.PemException;
import dev.certflow.api.pem.PemWriter;
import dev.certflow.api.service.ConflictException;
import dev.certflow.api.service.alert.AlertPublisher;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.RevocationCommand;
import dev.certflow.events.RevocationResult;
import dev.certflow.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Revocation of issued versions at their CA (RFC 8555, 7.6): asked through the outbox on the orders
 * topic, done by a worker with the shared account, answered on the results topic. Only ACME
 * versions are revoked: certflow holds no account at an uploaded certificate's CA.
 */
@ApplicationScoped
public class Revocations {

  private static final Logger LOG = Logger.getLogger(Revocations.class);

  private final Topics topics;
  private final AlertPublisher alerts;
  private final Event<OutboxWritten> written;
  private final EntityManager em;

  Revocations(
      Topics topics, AlertPublisher alerts, Event<OutboxWritten> written, EntityManager em) {
    this.topics = topics;
    this.alerts = alerts;
    this.written = written;
    this.em = em;
  }

  /**
   * Asks the issuing CA to revoke the certificate's current version. The caller holds the row lock.
   *
   * @throws ConflictException when the certificate is uploaded, has no version, or it is revoked
   */
  public CertificateVersionEntity request(CertificateEntity certificate, int reason) {
    if (!certificate.acme) {
      throw new ConflictException(
          "name",
          "certificate '"
              + certificate.name
              + "' is uploaded: certflow holds no account at its CA, revoke it where it was"
              + " issued");
    }
    CertificateVersionEntity version =
        Optional.ofNullable(certificate.currentVersion)
            .flatMap(v -> CertificateVersionEntity.findVersion(certificate.id, v))
            .orElseThrow(
                () ->
                    new ConflictException(
                        "name",
                        "certificate '" + certificate.name + "' has no issued version to revoke"));
    if (CertificateVersionEntity.REVOKED.equals(version.revocationState)
        || CertificateVersionEntity.REVOCATION_REQUESTED.equals(version.revocationState)) {
      throw new ConflictException(
          "name",
          "version "
              + version.version
              + " of '"
              + certificate.name
              + "' is "
              + (CertificateVersionEntity.REVOKED.equals(version.revocationState)
                  ? "revoked already"
                  : "being revoked"));
    }
    String leaf;
    try {
      leaf = PemWriter.certificates(CertificateChainReader.read(version.fullchain).subList(0, 1));
    } catch (PemException e) {
      throw new IllegalStateException("the stored chain does not read", e);
    }
    String ca = version.acmeCa != null ? version.acmeCa : certificate.caChain().get(0);
    version.revocationState = CertificateVersionEntity.REVOCATION_REQUESTED;
    version.revocationReason = reason;
    version.revocationError = null;
    RevocationCommand command =
        new RevocationCommand(
            UUID.randomUUID().toString(), certificate.name, version.version, ca, leaf, reason);
    OutboxEntry.of(
            topics.orders(),
            certificate.name,
            EventJson.write(Envelope.of(EventType.REVOCATION, command)))
        .persist();
    written.fire(new OutboxWritten());
    LOG.infof(
        "certificate %s version %d: revocation asked of %s (%s)",
        certificate.name, version.version, ca, RevocationReasons.name(reason));
    return version;
  }

  /** Applies a worker's answer once; answers about deleted certificates are only logged. */
  @Transactional
  public void apply(RevocationResult result) {
    Optional<CertificateEntity> certificate = CertificateEntity.findByName(result.certificate());
    Optional<CertificateVersionEntity> version =
        certificate.flatMap(c -> CertificateVersionEntity.findVersion(c.id, result.version()));
    if (version.isEmpty()) {
      LOG.infof(
          "certificate %s version %d: %s (the certificate is deleted)",
          result.certificate(),
          result.version(),
          result.revoked() ? "revoked" : "revocation failed: " + result.detail());
      return;
    }
    CertificateVersionEntity v = version.get();
    em.lock(v, LockModeType.PESSIMISTIC_WRITE);
    if (!CertificateVersionEntity.REVOCATION_REQUESTED.equals(v.revocationState)) {
      return; // applied already
    }
    if (result.revoked()) {
      v.revocationState = CertificateVersionEntity.REVOKED;
      v.revokedAt = Instant.now();
      alerts.raise(
          certificate.get(),
          "revoked",
          "warning",
          "certificate "
              + result.certificate()
              + " version "
              + v.version
              + " (serial "
              + v.serial
              + ") revoked at its CA ("
              + RevocationReasons.name(v.revocationReason)
              + ")");
    } else {
      v.revocationState = CertificateVersionEntity.REVOCATION_FAILED;
      v.revocationError = result.detail();
      alerts.raise(
          certificate.get(),
          "revocation_failed",
          "critical",
          "revoking certificate "
              + result.certificate()
              + " version "
              + v.version
              + " failed: "
              + result.detail());
    }
  }
}
