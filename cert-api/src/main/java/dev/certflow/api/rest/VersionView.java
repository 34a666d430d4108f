package dev.certflow.api.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.certflow.api.entity.CertificateVersionEntity;
import java.time.Instant;

/** One entry of a certificate's history. */
public record VersionView(
    int version,
    String source,
    String serial,
    String subject,
    String issuer,
    String sans,
    @JsonProperty("not_before") Instant notBefore,
    @JsonProperty("not_after") Instant notAfter,
    @JsonProperty("key_type") String keyType,
    @JsonProperty("key_size") int keySize,
    @JsonProperty("fingerprint_sha256") String fingerprintSha256,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("acme_ca") String acmeCa,
    @JsonProperty("revocation_state") String revocationState,
    @JsonProperty("revoked_at") Instant revokedAt) {

  static VersionView of(CertificateVersionEntity v) {
    return new VersionView(
        v.version,
        v.source,
        v.serial,
        v.subject,
        v.issuer,
        v.sans,
        v.notBefore,
        v.notAfter,
        v.keyType,
        v.keySize,
        v.fingerprintSha256,
        v.createdAt,
        v.acmeCa,
        v.revocationState,
        v.revokedAt);
  }
}
