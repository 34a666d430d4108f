package dev.certflow.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Asks the workers to revoke one issued version at the CA that issued it (RFC 8555, 7.6), signed
 * with the account every worker shares. Carries the certificate only, never its key.
 *
 * @param revocationId unique per request; the result names it
 * @param certificate the certificate's name (also the Kafka key)
 * @param version the version being revoked
 * @param ca the CA that issued it (a configured name or a directory URL)
 * @param certificatePem the leaf, PEM
 * @param reason the RFC 5280 CRLReason code
 */
public record RevocationCommand(
    @JsonProperty("revocation_id") String revocationId,
    String certificate,
    int version,
    String ca,
    @JsonProperty("certificate_pem") String certificatePem,
    int reason) {}
