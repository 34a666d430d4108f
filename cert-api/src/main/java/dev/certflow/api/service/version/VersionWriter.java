package dev.certflow.api.service.version;

import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.api.entity.CertificateVersionEntity;
import dev.certflow.api.service.keys.KeyVault;
import dev.certflow.api.service.validity.ValidityIndex;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Stores a new version of a certificate (key sealed) and makes it the current one. */
@ApplicationScoped
public class VersionWriter {

  private final KeyVault vault;
  private final ValidityIndex validity;

  VersionWriter(KeyVault vault, ValidityIndex validity) {
    this.vault = vault;
    this.validity = validity;
  }

  /**
   * Adds a version and makes it current; a certificate not yet stored is inserted with it.
   *
   * @param source {@code upload} or {@code acme}
   */
  public CertificateVersionEntity add(
      CertificateEntity certificate,
      ValidatedCertificate.Material material,
      String source,
      byte[] pkcs8) {
    return add(certificate, material, source, vault.sealKey(certificate.name, pkcs8));
  }

  /**
   * Adds a version whose key is sealed at rest already (an ACME order's key, sealed when the order
   * was placed, under the same key and bound to the same certificate).
   */
  public CertificateVersionEntity add(
      CertificateEntity certificate,
      ValidatedCertificate.Material material,
      String source,
      String sealedKey) {
    var facts = material.facts();
    int number = certificate.currentVersion == null ? 1 : certificate.currentVersion + 1;
    certificate.currentVersion = number;
    validity.update(
        certificate,
        facts.notBefore(),
        facts.notAfter(),
        ValidityIndex.issuerNotAfter(material.chain()));
    if (certificate.id == null) {
      certificate.persistAndFlush(); // a new certificate, written once with all of the above
    }
    CertificateVersionEntity version = new CertificateVersionEntity();
    version.certificateId = certificate.id;
    version.version = number;
    version.source = source;
    version.fullchain = material.pem();
    version.sealedKey = sealedKey;
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
    return version;
  }
}
