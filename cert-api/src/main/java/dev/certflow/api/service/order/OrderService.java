package dev.certflow.api.service.order;

import dev.certflow.api.config.CertflowConfig;
import dev.certflow.api.entity.AcmeOrderEntity;
import dev.certflow.api.entity.CaHoldEntity;
import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.api.entity.CertificateVersionEntity;
import dev.certflow.api.entity.OutboxEntry;
import dev.certflow.api.entity.OutboxWritten;
import dev.certflow.api.pem.CertificateChainReader;
import dev.certflow.api.pem.CertificateFacts;
import dev.certflow.api.pem.KeyPairCheck;
import dev.certflow.api.pem.PemException;
import dev.certflow.api.pem.PemWriter;
import dev.certflow.api.service.ConflictException;
import dev.certflow.api.service.alert.AlertPublisher;
import dev.certflow.api.service.bundle.BundlePublisher;
import dev.certflow.api.service.ca.CaHolds;
import dev.certflow.api.service.keys.KeyVault;
import dev.certflow.api.service.validity.RenewalPolicy;
import dev.certflow.api.service.version.ValidatedCertificate;
import dev.certflow.api.service.version.VersionWriter;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.OrderCommand;
import dev.certflow.events.OrderResult;
import dev.certflow.events.RenewalCertId;
import dev.certflow.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * ACME orders of cert-api (flow 2): places an order with a fresh key and CSR through the outbox,
 * and applies each result once: a new version on success, back-off and an alert on failure.
 */
@ApplicationScoped
public class OrderService {

  private static final Logger LOG = Logger.getLogger(OrderService.class);
  // A pause lasts until its owner lifts it; one order tries again after this long.
  private static final Duration PAUSE_RECHECK = Duration.ofDays(1);
  private static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(10);

  private final Topics topics;
  private final KeyVault vault;
  private final VersionWriter versions;
  private final BundlePublisher bundles;
  private final AlertPublisher alerts;
  private final Event<OutboxWritten> written;
  private final EntityManager em;
  private final CertflowConfig config;
  private final CaHolds holds;

  OrderService(
      Topics topics,
      KeyVault vault,
      VersionWriter versions,
      BundlePublisher bundles,
      AlertPublisher alerts,
      Event<OutboxWritten> written,
      EntityManager em,
      CertflowConfig config,
      CaHolds holds) {
    this.holds = holds;
    this.topics = topics;
    this.vault = vault;
    this.versions = versions;
    this.bundles = bundles;
    this.alerts = alerts;
    this.written = written;
    this.em = em;
    this.config = config;
  }

  /**
   * A renewal asked for by hand: joins the order in flight if there is one that has not timed out
   * (a second click must not spend the CA's rate limits on a second certificate), else places one.
   * The caller holds the certificate's row lock.
   */
  public AcmeOrderEntity renew(CertificateEntity certificate) {
    Optional<CaHoldEntity> hold = firstFreeCa(certificate);
    if (hold.isPresent()) {
      throw new ConflictException("acme", onHold(hold.get()));
    }
    if (certificate.currentOrderId != null
        && certificate.orderRequestedAt != null
        && certificate.orderRequestedAt.plus(config.orderTimeout()).isAfter(Instant.now())) {
      AcmeOrderEntity inFlight = em.find(AcmeOrderEntity.class, certificate.currentOrderId);
      if (inFlight != null && AcmeOrderEntity.PENDING.equals(inFlight.state)) {
        return inFlight;
      }
    }
    return place(certificate);
  }

  /**
   * Places a new order for the certificate, superseding any in flight, with the first CA of its
   * list (from the current one) that is not on hold; when every one is, nothing is ordered and the
   * certificate waits for the hold to end. The caller holds the certificate's row lock, so two
   * replicas never order for one certificate at once.
   *
   * @return the order, or null when it waits for a hold
   */
  public AcmeOrderEntity place(CertificateEntity certificate) {
    Instant now = Instant.now();
    Optional<CaHoldEntity> hold = firstFreeCa(certificate);
    if (hold.isPresent()) {
      certificate.nextAttemptAt = hold.get().until;
      certificate.lastError = onHold(hold.get());
      LOG.infof("certificate %s: not ordered, %s", certificate.name, certificate.lastError);
      return null;
    }
    if (certificate.currentOrderId != null) {
      AcmeOrderEntity previous = em.find(AcmeOrderEntity.class, certificate.currentOrderId);
      if (previous != null && AcmeOrderEntity.PENDING.equals(previous.state)) {
        finish(previous, AcmeOrderEntity.SUPERSEDED, null);
      }
    }
    KeyPair key = OrderKeys.generate(certificate.keyType);
    byte[] pkcs8 = key.getPrivate().getEncoded();
    AcmeOrderEntity order = new AcmeOrderEntity();
    order.id = UUID.randomUUID();
    order.certificateId = certificate.id;
    order.domains = certificate.domains;
    try {
      order.sealedKey = vault.sealKey(certificate.name, pkcs8);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
    order.publicKey = Base64.getEncoder().encodeToString(key.getPublic().getEncoded());
    order.state = AcmeOrderEntity.PENDING;
    order.renewal = certificate.currentVersion != null;
    order.ca = certificate.nextCa();
    order.profile = certificate.profile;
    order.replaces = replaces(certificate, order.ca);
    order.createdAt = now;
    order.persist();
    certificate.currentOrderId = order.id;
    certificate.orderRequestedAt = now;
    certificate.nextAttemptAt = now.plus(config.orderTimeout());

    String sealedUrl =
        certificate.dnsChallenge && certificate.dnsServiceUrlSealed != null
            ? vault
                .sealUrlForGateway(
                    certificate.name, certificate.domainList(), certificate.dnsServiceUrlSealed)
                .orElse(null)
            : null;
    OrderCommand command =
        new OrderCommand(
            order.id.toString(),
            certificate.name,
            certificate.domainList(),
            order.ca,
            Base64.getEncoder().encodeToString(OrderKeys.csr(key, certificate.domainList())),
            certificate.dnsChallenge ? OrderCommand.DNS_01 : OrderCommand.HTTP_01,
            certificate.dnsProvider,
            sealedUrl,
            order.renewal,
            order.profile,
            order.replaces);
    OutboxEntry.of(
            topics.orders(),
            certificate.name,
            EventJson.write(Envelope.of(EventType.ORDER, command)))
        .persist();
    written.fire(new OutboxWritten());
    LOG.infof(
        "certificate %s: order %s placed with %s for %s",
        certificate.name, order.id, order.ca, certificate.domains);
    return order;
  }

  /**
   * Moves the certificate to the first of its CAs, from the current one, that is not on hold;
   * returns the hold of the current one when every CA is held.
   */
  private Optional<CaHoldEntity> firstFreeCa(CertificateEntity certificate) {
    List<String> chain = certificate.caChain();
    Optional<CaHoldEntity> current = Optional.empty();
    for (int i = 0; i < chain.size(); i++) {
      int index = Math.floorMod(certificate.caIndex + i, chain.size());
      Optional<CaHoldEntity> hold = holds.active(chain.get(index));
      if (hold.isEmpty()) {
        if (i > 0) {
          certificate.caIndex = index;
          certificate.caFailures = 0;
        }
        return Optional.empty();
      }
      current = i == 0 ? hold : current;
    }
    return current;
  }

  private static String onHold(CaHoldEntity hold) {
    return hold.ca
        + " takes no orders until "
        + hold.until
        + " ("
        + hold.kind.replace('_', ' ')
        + (hold.unpauseUrl != null
            ? "; lift the pause at "
                + hold.unpauseUrl
                + ", then DELETE /api/v1/cas/"
                + hold.ca
                + "/hold"
            : "")
        + ")";
  }

  /**
   * The RFC 9773 identifier of the version a new order replaces: only when the same CA issued it
   * (another CA does not know the certificate and may refuse the order).
   */
  private static String replaces(CertificateEntity certificate, String ca) {
    if (certificate.ariCertId == null || certificate.currentVersion == null) {
      return null;
    }
    return CertificateVersionEntity.findVersion(certificate.id, certificate.currentVersion)
        .filter(v -> ca.equals(v.acmeCa))
        .map(v -> certificate.ariCertId)
        .orElse(null);
  }

  /** Applies a result once; results of superseded or finished orders change nothing. */
  @Transactional
  public void apply(OrderResult result) {
    UUID id;
    try {
      id = UUID.fromString(result.orderId());
    } catch (IllegalArgumentException | NullPointerException e) {
      LOG.warnf("order result with a malformed order id for %s; ignored", result.certificate());
      return;
    }
    AcmeOrderEntity order = em.find(AcmeOrderEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (order == null || !AcmeOrderEntity.PENDING.equals(order.state)) {
      LOG.debugf("order %s: result already applied or unknown; ignored", id);
      return;
    }
    CertificateEntity certificate =
        em.find(CertificateEntity.class, order.certificateId, LockModeType.PESSIMISTIC_WRITE);
    if (certificate == null) {
      return;
    }
    if (!id.equals(certificate.currentOrderId)) {
      finish(order, AcmeOrderEntity.SUPERSEDED, null);
      LOG.infof("certificate %s: result of superseded order %s ignored", certificate.name, id);
      return;
    }
    if (result.succeeded()) {
      try {
        issued(certificate, order, result.fullchain());
        return;
      } catch (PemException | GeneralSecurityException | IllegalArgumentException e) {
        failed(
            certificate,
            order,
            OrderResult.failed(
                result.orderId(),
                result.certificate(),
                "certflow:unusable",
                "the issued certificate is unusable: " + e.getMessage(),
                false,
                null));
        return;
      }
    }
    failed(certificate, order, result);
  }

  private void issued(CertificateEntity certificate, AcmeOrderEntity order, String fullchain)
      throws PemException, GeneralSecurityException {
    List<X509Certificate> chain = CertificateChainReader.read(fullchain);
    IssuedChainCheck.check(chain, CertificateEntity.domainList(order.domains), Instant.now());
    X509Certificate leaf = chain.get(0);
    CertificateFacts facts = CertificateFacts.of(chain);
    CertificateVersionEntity version;
    // The order's key, opened once: the version keeps the order's seal, the agents get their own.
    byte[] pkcs8 = vault.openKey(certificate.name, order.sealedKey);
    try {
      PrivateKey key =
          KeyFactory.getInstance(leaf.getPublicKey().getAlgorithm())
              .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      // The leaf must certify the order's key; comparing encodings costs no EC arithmetic.
      boolean matches =
          order.publicKey != null
              ? Arrays.equals(
                  Base64.getDecoder().decode(order.publicKey), leaf.getPublicKey().getEncoded())
              : KeyPairCheck.matches(key, leaf.getPublicKey());
      if (!matches) {
        throw new IllegalArgumentException("it does not match the order's key");
      }
      version =
          versions.add(
              certificate,
              new ValidatedCertificate.Material(PemWriter.certificates(chain), chain, key, facts),
              "acme",
              order.sealedKey);
      version.acmeCa = order.ca;
      bundles.publish(certificate, version, pkcs8);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
    finish(order, AcmeOrderEntity.ISSUED, null);
    String lastError = certificate.lastError;
    certificate.currentOrderId = null;
    certificate.attempts = 0;
    certificate.lastError = null;
    certificate.nextAttemptAt =
        RenewalPolicy.renewAt(facts.notBefore(), facts.notAfter(), certificate.bufferDays);
    certificate.updatedAt = Instant.now();
    // Renewal information is the CA's to give for this version: ask soon.
    certificate.ariCertId = RenewalCertId.of(leaf).orElse(null);
    certificate.ariCheckAt = certificate.ariCertId == null ? null : Instant.now();
    certificate.ariWindowStart = null;
    certificate.ariWindowEnd = null;
    if (order.ca != null) { // orders placed before CA lists were kept have none
      holds.release(order.ca);
    }
    List<String> chainOfCas = certificate.caChain();
    if (order.ca != null && !chainOfCas.isEmpty() && !order.ca.equals(chainOfCas.get(0))) {
      alerts.raise(
          certificate,
          "ca_fallback",
          "warning",
          "certificate "
              + certificate.name
              + " was issued by "
              + order.ca
              + ", a fallback: "
              + chainOfCas.get(0)
              + " failed"
              + (lastError != null ? " (" + lastError + ")" : "")
              + "; the next renewal tries "
              + chainOfCas.get(0)
              + " first again");
    }
    certificate.caIndex = 0;
    certificate.caFailures = 0;
    alerts.raise(
        certificate,
        order.renewal ? "renewed" : "issued",
        "info",
        "certificate "
            + certificate.name
            + " "
            + (order.renewal ? "renewed" : "issued")
            + ": serial "
            + facts.serial()
            + ", valid until "
            + facts.notAfter());
    LOG.infof(
        "certificate %s: version %d issued by ACME (serial %s)",
        certificate.name, version.version, facts.serial());
  }

  private void failed(CertificateEntity certificate, AcmeOrderEntity order, OrderResult result) {
    Instant now = Instant.now();
    String detail = result.detail();
    finish(order, AcmeOrderEntity.FAILED, detail);
    certificate.currentOrderId = null;
    certificate.attempts++;
    Instant next = now.plus(Backoff.after(certificate.attempts));
    if (result.retryAfter() != null) {
      // The CA said when: that wins over our own back-off (within reason).
      Instant earliest = now.plus(MIN_RETRY_AFTER);
      next = result.retryAfter().isAfter(earliest) ? result.retryAfter() : earliest;
    }
    String ca = order.ca != null ? order.ca : certificate.nextCa();
    if (result.unpauseUrl() != null) {
      if (holds.hold(
          ca, CaHoldEntity.PAUSED, now.plus(PAUSE_RECHECK), detail, result.unpauseUrl())) {
        alerts.raise(
            certificate,
            "account_paused",
            "critical",
            ca
                + " paused certflow's account: no certificate is ordered from it until its owner"
                + " lifts the pause at "
                + result.unpauseUrl()
                + " and resumes it (DELETE /api/v1/cas/"
                + ca
                + "/hold). "
                + detail);
      }
    } else if (result.problemType() != null && result.problemType().endsWith(":rateLimited")) {
      holds.hold(ca, CaHoldEntity.RATE_LIMITED, next, detail, null);
    }
    String fallback = fallBack(certificate, ca, result.retryable() && result.unpauseUrl() == null);
    if (fallback != null) {
      // Another CA is not bound by this one's back-off or hold: order from it now.
      next = now;
    }
    certificate.nextAttemptAt = next;
    certificate.lastError = (result.retryable() ? "" : "[final] ") + detail;
    certificate.updatedAt = now;
    alerts.raise(
        certificate,
        "issuance_failed",
        certificate.currentVersion == null ? "critical" : "warning",
        "ordering "
            + certificate.name
            + " from "
            + ca
            + " failed (attempt "
            + certificate.attempts
            + ", next at "
            + next
            + (fallback != null ? " from " + fallback : "")
            + "): "
            + detail);
    LOG.warnf(
        "certificate %s: order %s at %s failed (attempt %d, next at %s%s): %s",
        certificate.name,
        order.id,
        ca,
        certificate.attempts,
        next,
        fallback != null ? " from " + fallback : "",
        detail);
  }

  /**
   * Moves a certificate that lists several CAs to the next after a final failure, a pause or {@code
   * CERTFLOW_CA_FALLBACK_AFTER} retryable ones at this one; returns the CA the next order goes to
   * when it moved, else null.
   */
  private String fallBack(CertificateEntity certificate, String failedCa, boolean retryable) {
    List<String> chain = certificate.caChain();
    certificate.caFailures++;
    if (chain.size() < 2
        || !failedCa.equals(certificate.nextCa())
        || (retryable && certificate.caFailures < config.caFallbackAfter())) {
      return null;
    }
    certificate.caIndex = (certificate.caIndex + 1) % chain.size();
    certificate.caFailures = 0;
    return certificate.nextCa();
  }

  private static void finish(AcmeOrderEntity order, String state, String error) {
    order.state = state;
    order.error = error;
    order.finishedAt = Instant.now();
  }
}
