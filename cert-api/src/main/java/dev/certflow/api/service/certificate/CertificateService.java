package dev.certflow.api.service.certificate;

import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.api.entity.CertificateVersionEntity;
import dev.certflow.api.pem.PemWriter;
import dev.certflow.api.service.ConflictException;
import dev.certflow.api.service.NotFoundException;
import dev.certflow.api.service.bundle.BundlePublisher;
import dev.certflow.api.service.keys.KeyVault;
import dev.certflow.api.service.order.OrderService;
import dev.certflow.api.service.order.Revocations;
import dev.certflow.api.service.validity.RenewalPolicy;
import dev.certflow.api.service.validity.ValidityIndex;
import dev.certflow.api.service.version.ValidatedCertificate;
import dev.certflow.api.service.version.VersionWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;

/** Creates, changes and deletes certificates; each change and its outbox row commit together. */
@ApplicationScoped
public class CertificateService {

  private static final Logger LOG = Logger.getLogger(CertificateService.class);

  private final CertificateValidator validator;
  private final KeyVault vault;
  private final BundlePublisher publisher;
  private final EntityManager em;
  private final VersionWriter versions;
  private final OrderService orders;
  private final ValidityIndex validity;
  private final Revocations revocations;

  CertificateService(
      CertificateValidator validator,
      KeyVault vault,
      BundlePublisher publisher,
      EntityManager em,
      VersionWriter versions,
      OrderService orders,
      ValidityIndex validity,
      Revocations revocations) {
    this.revocations = revocations;
    this.validator = validator;
    this.vault = vault;
    this.publisher = publisher;
    this.em = em;
    this.versions = versions;
    this.orders = orders;
    this.validity = validity;
  }

  @Transactional
  public StoredCertificate create(CertificateRequest request) {
    ValidatedCertificate valid = validator.validate(request.name(), request, null);
    if (CertificateEntity.findByName(valid.name()).isPresent()) {
      throw new ConflictException("name", "a certificate named '" + valid.name() + "' exists");
    }
    CertificateEntity certificate = new CertificateEntity();
    certificate.name = valid.name();
    certificate.createdAt = Instant.now();
    apply(certificate, valid);
    CertificateVersionEntity version = null;
    if (valid.material() != null) {
      // Inserts the certificate with its version's facts already set: one write of the row.
      // The key is encoded once, sealed at rest and for the agents, then cleared.
      byte[] pkcs8 = valid.material().privateKey().getEncoded();
      try {
        version = versions.add(certificate, valid.material(), "upload", pkcs8);
        publisher.publish(certificate, version, pkcs8);
      } finally {
        Arrays.fill(pkcs8, (byte) 0);
      }
    } else {
      certificate.persistAndFlush();
    }
    if (certificate.acme) {
      orders.place(certificate);
    }
    LOG.infof("certificate %s created (version %s)", certificate.name, certificate.currentVersion);
    return new StoredCertificate(certificate, version, valid.warnings());
  }

  @Transactional
  public StoredCertificate update(String name, CertificateRequest request) {
    CertificateEntity certificate = lockByName(name);
    ValidatedCertificate valid = validator.validate(name, request, certificate);
    String orderedBefore = orderIdentity(certificate);
    apply(certificate, valid);
    CertificateVersionEntity version = current(certificate);
    if (valid.material() != null
        && (version == null
            || !version.fingerprintSha256.equals(valid.material().facts().fingerprintSha256()))) {
      byte[] pkcs8 = valid.material().privateKey().getEncoded();
      try {
        version = versions.add(certificate, valid.material(), "upload", pkcs8);
        publisher.publish(certificate, version, pkcs8);
      } finally {
        Arrays.fill(pkcs8, (byte) 0);
      }
    } else if (version != null) {
      // Only settings changed: agents need is_default and domains too.
      publisher.publish(certificate, version);
    }
    if (!certificate.acme) {
      certificate.currentOrderId = null;
      certificate.nextAttemptAt = null;
    } else if (!orderIdentity(certificate).equals(orderedBefore)) {
      // A change of names, CA, key type or challenge orders anew.
      orders.place(certificate);
    } else if (version != null && certificate.currentOrderId == null && certificate.attempts == 0) {
      // buffer_days may have moved the renewal time.
      certificate.nextAttemptAt =
          RenewalPolicy.renewAt(version.notBefore, version.notAfter, certificate.bufferDays);
    }
    LOG.infof("certificate %s updated (version %s)", name, certificate.currentVersion);
    return new StoredCertificate(certificate, version, valid.warnings());
  }

  /** Orders an ACME certificate now, whatever its schedule or back-off. */
  @Transactional
  public StoredCertificate renew(String name) {
    CertificateEntity certificate = lockByName(name);
    if (!certificate.acme) {
      throw new ConflictException(
          "acme", "certificate '" + name + "' is uploaded: renew it by uploading a new one (PUT)");
    }
    orders.renew(certificate); // joins an order already in flight
    return new StoredCertificate(certificate, current(certificate), List.of());
  }

  /** What an order depends on: when it changes, the certificate is ordered anew. */
  private static String orderIdentity(CertificateEntity c) {
    return c.acme
        + "|"
        + c.acmeCa
        + "|"
        + c.domains
        + "|"
        + c.keyType
        + "|"
        + c.dnsChallenge
        + "|"
        + c.dnsProvider
        + "|"
        + c.dnsServiceUrlSealed
        + "|"
        + c.profile;
  }

  /**
   * Revokes the current version at its CA and orders a replacement at once (the revoked one is
   * served until the replacement arrives, as a CA takes a while to publish the revocation).
   */
  @Transactional
  public StoredCertificate revoke(String name, int reason) {
    CertificateEntity certificate = lockByName(name);
    revocations.request(certificate, reason);
    orders.place(certificate);
    return new StoredCertificate(certificate, current(certificate), List.of());
  }

  /**
   * Deletes a certificate; with {@code revoke}, an ACME certificate's current version is revoked at
   * its CA first (the request leaves through the outbox in the same transaction).
   */
  @Transactional
  public void delete(String name, boolean revoke) {
    CertificateEntity certificate = lockByName(name);
    if (revoke) {
      revocations.request(certificate, 5); // cessation of operation
    }
    certificate.delete();
    publisher.tombstone(name);
    LOG.infof("certificate %s deleted", name);
  }

  public StoredCertificate get(String name) {
    CertificateEntity certificate =
        CertificateEntity.findByName(name).orElseThrow(() -> notFound(name));
    return new StoredCertificate(certificate, current(certificate), List.of());
  }

  public List<CertificateVersionEntity> versions(String name) {
    CertificateEntity certificate =
        CertificateEntity.findByName(name).orElseThrow(() -> notFound(name));
    return CertificateVersionEntity.history(certificate.id);
  }

  /** The PEM bundle: chain, then the private key as PKCS#8. */
  public String export(String name) {
    StoredCertificate stored = get(name);
    if (stored.current() == null) {
      throw new ConflictException("name", "certificate '" + name + "' has no issued version yet");
    }
    byte[] key = vault.openKey(name, stored.current().sealedKey);
    try {
      LOG.infof("certificate %s exported with its private key", name);
      return stored.current().fullchain + PemWriter.privateKey(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private CertificateEntity lockByName(String name) {
    CertificateEntity certificate =
        CertificateEntity.findByName(name).orElseThrow(() -> notFound(name));
    em.lock(certificate, LockModeType.PESSIMISTIC_WRITE);
    return certificate;
  }

  private static NotFoundException notFound(String name) {
    return new NotFoundException("no certificate named '" + name + "'");
  }

  private static CertificateVersionEntity current(CertificateEntity certificate) {
    return certificate.currentVersion == null
        ? null
        : CertificateVersionEntity.findVersion(certificate.id, certificate.currentVersion)
            .orElse(null);
  }

  private void apply(CertificateEntity certificate, ValidatedCertificate valid) {
    certificate.domains = String.join(",", valid.domains());
    certificate.isDefault = valid.isDefault();
    certificate.isCa = valid.isCa();
    certificate.acme = valid.acme();
    if (!Objects.equals(certificate.acmeCa, valid.acmeCa())) {
      certificate.caIndex = 0;
      certificate.caFailures = 0;
    }
    certificate.acmeCa = valid.acmeCa();
    certificate.profile = valid.profile();
    if (!valid.acme()) {
      certificate.ariCheckAt = null;
      certificate.ariWindowStart = null;
      certificate.ariWindowEnd = null;
    }
    certificate.keyType = valid.keyType();
    certificate.dnsChallenge = valid.dnsChallenge();
    certificate.dnsProvider = valid.dnsProvider();
    if (valid.dnsServiceUrl() != null) {
      String stored =
          certificate.dnsServiceUrlSealed == null
              ? null
              : vault.openUrl(certificate.name, certificate.dnsServiceUrlSealed);
      // Sealed anew only when it changed: the seal differs each time, the URL does not.
      if (!valid.dnsServiceUrl().equals(stored)) {
        certificate.dnsServiceUrlSealed =
            valid.dnsServiceUrl().isBlank()
                ? null
                : vault.sealUrl(certificate.name, valid.dnsServiceUrl());
      }
    }
    certificate.bufferDays = valid.bufferDays();
    certificate.remark = valid.remark();
    certificate.updatedAt = Instant.now();
    validity.refresh(certificate);
  }
}
