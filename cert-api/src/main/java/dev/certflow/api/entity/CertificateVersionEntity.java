package dev.certflow.api.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One issued or uploaded version of a certificate; never changed once written. */
@Entity
@Table(name = "certificate_version")
public class CertificateVersionEntity extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "certificate_id")
  public Long certificateId;

  public int version;

  /** {@code upload} or {@code acme}. */
  public String source;

  public String fullchain;

  /** PKCS#8 private key sealed under the master key. */
  @Column(name = "sealed_key")
  public String sealedKey;

  public String serial;
  public String subject;
  public String issuer;

  /** Comma-separated subject alternative names. */
  public String sans;

  @Column(name = "not_before")
  public Instant notBefore;

  @Column(name = "not_after")
  public Instant notAfter;

  @Column(name = "key_type")
  public String keyType;

  @Column(name = "key_size")
  public int keySize;

  @Column(name = "chain_length")
  public int chainLength;

  @Column(name = "fingerprint_sha256")
  public String fingerprintSha256;

  @Column(name = "created_at")
  public Instant createdAt;

  /** The CA that issued an ACME version (a configured name or a directory URL). */
  @Column(name = "acme_ca")
  public String acmeCa;

  /** Revocation states: asked of the CA, done, or refused by it. */
  public static final String REVOCATION_REQUESTED = "requested";

  public static final String REVOKED = "revoked";
  public static final String REVOCATION_FAILED = "failed";

  @Column(name = "revocation_state")
  public String revocationState;

  /** RFC 5280 CRLReason code given with the revocation. */
  @Column(name = "revocation_reason")
  public Integer revocationReason;

  @Column(name = "revoked_at")
  public Instant revokedAt;

  @Column(name = "revocation_error")
  public String revocationError;

  public List<String> sanList() {
    return Csv.split(sans);
  }

  public static Optional<CertificateVersionEntity> findVersion(Long certificateId, int version) {
    return find("certificateId = ?1 and version = ?2", certificateId, version)
        .firstResultOptional();
  }

  public static List<CertificateVersionEntity> history(Long certificateId) {
    return list("certificateId = ?1 order by version desc", certificateId);
  }
}
