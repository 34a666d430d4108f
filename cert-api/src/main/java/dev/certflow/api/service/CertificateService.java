package dev.certflow.api.service;

import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.api.entity.CertificateVersionEntity;
import dev.certflow.api.rest.CertificateRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jboss.logging.Logger;

/** Creates, changes and deletes certificates; each change and its outbox row commit together. */
@ApplicationScoped
public class CertificateService {

  private static final Logger LOG = Logger.getLogger(CertificateService.class);

  private final CertificateValidator validator;
  private final KeyVault vault;
  private final BundlePublisher publisher;
  private final EntityManager em;

  CertificateService(
      CertificateValidator validator, KeyVault vault, BundlePublisher publisher, EntityManager em) {
    this.validator = validator;
    this.vault = vault;
    this.publisher = publisher;
    this.em = em;
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
    certificate.persistAndFlush();
    CertificateVersionEntity version = null;
    if (valid.material() != null) {
      version = addVersion(certificate, valid.material());
      publisher.publish(certificate, version);
    }
    LOG.infof("certificate %s created (version %s)", certificate.name, certificate.currentVersion);
    return new StoredCertificate(certificate, version, valid.warnings());
  }

  @Transactional
  public StoredCertificate update(String name, CertificateRequest request) {
    CertificateEntity certificate = lockByName(name);
    ValidatedCertificate valid = validator.validate(name, request, certificate);
    apply(certificate, valid);
    CertificateVersionEntity version = current(certificate);
    if (valid.material() != null
        && (version == null
            || !version.fingerprintSha256.equals(valid.material().facts().fingerprintSha256()))) {
      version = addVersion(certificate, valid.material());
    }
    if (version != null) {
      // Also when only settings changed: agents need is_default and domains too.
      publisher.publish(certificate, version);
    }
    LOG.infof("certificate %s updated (version %s)", name, certificate.currentVersion);
    return new StoredCertificate(certificate, version, valid.warnings());
  }

  @Transactional
  public void delete(String name) {
    CertificateEntity certificate = lockByName(name);
    certificate.delete();
    publisher.tombstone(name);
    LOG.infof("certificate %s deleted", name);
  }

  public StoredCertificate get(String name) {
    CertificateEntity certificate =
        CertificateEntity.findByName(name).orElseThrow(() -> notFound(name));
    return new StoredCertificate(certificate, current(certificate), List.of());
  }

  /** Every certificate with its current version, by name. */
  public List<StoredCertificate> all() {
    List<Object[]> rows =
        em.createQuery(
                "select c, v from CertificateEntity c left join CertificateVersionEntity v"
                    + " on v.certificateId = c.id and v.version = c.currentVersion order by c.name",
                Object[].class)
            .getResultList();
    List<StoredCertificate> result = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      result.add(
          new StoredCertificate(
              (CertificateEntity) row[0], (CertificateVersionEntity) row[1], List.of()));
    }
    return result;
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
      String body = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key);
      LOG.infof("certificate %s exported with its private key", name);
      return stored.current().fullchain
          + "-----BEGIN PRIVATE KEY-----\n"
          + body
          + "\n-----END PRIVATE KEY-----\n";
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
    certificate.dnsChallenge = valid.dnsChallenge();
    certificate.dnsProvider = valid.dnsProvider();
    if (valid.dnsServiceUrl() != null) {
      certificate.dnsServiceUrlSealed =
          valid.dnsServiceUrl().isBlank()
              ? null
              : vault.sealUrl(certificate.name, valid.dnsServiceUrl());
    }
    certificate.bufferDays = valid.bufferDays();
    certificate.remark = valid.remark();
    certificate.updatedAt = Instant.now();
  }

  private CertificateVersionEntity addVersion(
      CertificateEntity certificate, ValidatedCertificate.Material material) {
    CertificateVersionEntity version = new CertificateVersionEntity();
    version.certificateId = certificate.id;
    version.version = certificate.currentVersion == null ? 1 : certificate.currentVersion + 1;
    version.source = "upload";
    version.fullchain = material.pem();
    byte[] pkcs8 = material.privateKey().getEncoded();
    try {
      version.sealedKey = vault.sealKey(certificate.name, pkcs8);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
    var facts = material.facts();
    version.serial = facts.serial();
    version.subject = facts.subject();
    version.issuer = facts.issuer();
    version.sans = String.join(",", facts.sans());
    version.notBefore = facts.notBefore();
    version.notAfter = facts.notAfter();
    version.keyType = facts.keyType();
    version.keySize = facts.keySize();
    version.chainLength = facts.chainLength();
    version.fingerprintSha256 = facts.fingerprintSha256();
    version.createdAt = Instant.now();
    version.persist();
    certificate.currentVersion = version.version;
    return version;
  }
}
