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
import java.util.UUID;

/** A managed certificate: its settings; the material lives in {@link CertificateVersionEntity}. */
@Entity
@Table(name = "certificate")
public class CertificateEntity extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String name;

  /** Comma-separated, lower-case, punycode. */
  public String domains;

  @Column(name = "is_default")
  public boolean isDefault;

  @Column(name = "is_ca")
  public boolean isCa;

  public boolean acme;

  @Column(name = "dns_challenge")
  public boolean dnsChallenge;

  @Column(name = "dns_provider")
  public String dnsProvider;

  /** Sealed under the master key: the URL may carry credentials. */
  @Column(name = "dns_service_url_sealed")
  public String dnsServiceUrlSealed;

  @Column(name = "buffer_days")
  public Integer bufferDays;

  public String remark;

  @Column(name = "current_version")
  public Integer currentVersion;

  /**
   * The CAs to order from, comma-separated in order of preference (a configured name or an ACME
   * directory URL each); null for uploaded certificates.
   */
  @Column(name = "acme_ca")
  public String acmeCa;

  /** Which of {@link #caChain()} the next order goes to. */
  @Column(name = "ca_index")
  public int caIndex;

  /** Failed orders at that CA since it was chosen. */
  @Column(name = "ca_failures")
  public int caFailures;

  /** The certificate profile to ask for (RFC draft ACME profiles), when the CA lists it. */
  public String profile;

  /** RFC 9773 identifier of the current version; null when it has no Authority Key Identifier. */
  @Column(name = "ari_cert_id")
  public String ariCertId;

  /** When to fetch renewal information next; null while the issuing CA offers none. */
  @Column(name = "ari_check_at")
  public Instant ariCheckAt;

  /** The renewal window the CA suggested, when it did. */
  @Column(name = "ari_window_start")
  public Instant ariWindowStart;

  @Column(name = "ari_window_end")
  public Instant ariWindowEnd;

  /** Key to generate for ACME orders: ec-p256, ec-p384, rsa-2048, rsa-3072 or rsa-4096. */
  @Column(name = "key_type")
  public String keyType = "ec-p256";

  /** The order in flight, if any; results for any other order are ignored. */
  @Column(name = "current_order_id")
  public UUID currentOrderId;

  @Column(name = "order_requested_at")
  public Instant orderRequestedAt;

  /** Failed attempts since the last success. */
  public int attempts;

  @Column(name = "last_error")
  public String lastError;

  @Column(name = "next_attempt_at")
  public Instant nextAttemptAt;

  @Column(name = "created_at")
  public Instant createdAt;

  // Kept from the current version and the rules by ValidityIndex, for indexed lists and scans.

  @Column(name = "not_before")
  public Instant notBefore;

  @Column(name = "not_after")
  public Instant notAfter;

  @Column(name = "expiring_at")
  public Instant expiringAt;

  @Column(name = "alert_at")
  public Instant alertAt;

  @Column(name = "issuer_not_after")
  public Instant issuerNotAfter;

  /** Where the current state was last published on the certificates topic (OutboxRelay). */
  @Column(name = "published_partition", insertable = false, updatable = false)
  public Integer publishedPartition;

  @Column(name = "published_offset", insertable = false, updatable = false)
  public Long publishedOffset;

  @Column(name = "published_at", insertable = false, updatable = false)
  public Instant publishedAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  public static Optional<CertificateEntity> findByName(String name) {
    return find("name", name).firstResultOptional();
  }

  /** The CAs to order from, most preferred first; empty for an uploaded certificate. */
  public List<String> caChain() {
    return acmeCa == null ? List.of() : Csv.split(acmeCa);
  }

  /** The CA the next order goes to. */
  public String nextCa() {
    List<String> chain = caChain();
    return chain.isEmpty() ? null : chain.get(Math.floorMod(caIndex, chain.size()));
  }

  public List<String> domainList() {
    return Csv.split(domains);
  }

  /** The names in a stored {@code domains} column, for queries that read the column alone. */
  public static List<String> domainList(String domains) {
    return Csv.split(domains);
  }
}
