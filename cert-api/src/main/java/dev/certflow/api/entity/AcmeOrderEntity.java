package dev.certflow.api.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One ACME order placed for a certificate, with the key its CSR was made from. */
@Entity
@Table(name = "acme_order")
public class AcmeOrderEntity extends PanacheEntityBase {

  /** Order states. */
  public static final String PENDING = "pending";

  public static final String ISSUED = "issued";
  public static final String FAILED = "failed";
  public static final String SUPERSEDED = "superseded";

  @Id public UUID id;

  @Column(name = "certificate_id")
  public Long certificateId;

  /** Comma-separated, as ordered. */
  public String domains;

  /** PKCS#8 private key sealed under the master key. */
  @Column(name = "sealed_key")
  public String sealedKey;

  /** The public key of the order's key pair, base64 DER. */
  @Column(name = "public_key")
  public String publicKey;

  public String state;

  public boolean renewal;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "finished_at")
  public Instant finishedAt;

  public String error;

  /** The CA the order went to. */
  public String ca;

  public String profile;

  /** RFC 9773 identifier of the version it replaces, when the same CA issued that. */
  public String replaces;
}
