package dev.certflow.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An HTTP-01 token every proxy agent serves at {@code /.well-known/acme-challenge/<token>}. The
 * topic is compacted and keyed by token; a tombstone removes it.
 *
 * @param token the challenge token
 * @param keyAuthorization the body to answer with
 * @param orderId the order it belongs to, for logs
 */
public record ChallengeToken(
    String token,
    @JsonProperty("key_authorization") String keyAuthorization,
    @JsonProperty("order_id") String orderId) {}
