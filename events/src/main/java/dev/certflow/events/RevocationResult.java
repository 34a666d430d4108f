package dev.certflow.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The outcome of a {@link RevocationCommand}.
 *
 * @param revocationId the request this answers
 * @param certificate the certificate's name (also the Kafka key)
 * @param version the version it was about
 * @param revoked whether the CA revoked it (or had already)
 * @param detail why not, with the CA's detail, when it failed
 */
public record RevocationResult(
    @JsonProperty("revocation_id") String revocationId,
    String certificate,
    int version,
    boolean revoked,
    String detail) {}
