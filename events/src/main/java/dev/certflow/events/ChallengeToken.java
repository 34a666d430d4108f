package dev.certflow.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An HTTP-01 token every proxy agent serves at {@code /.well-known/acme-challenge/<token>}. The
 * topic is compacted and keyed by token; a tombstone removes it.
 *
 * @param token the challenge token
 * @param keyAuthorization the body to answer with
 * @param orderId the order it belongs to, for logs
 * @param signature the worker's Ed25519 signature over the token and its answer (base64; see {@link
 *     #SIGNED_AS}), so that write access to Kafka cannot make agents answer a challenge of someone
 *     else's order; null when the worker has no signing key
 */
public record ChallengeToken(
    String token,
    @JsonProperty("key_authorization") String keyAuthorization,
    @JsonProperty("order_id") String orderId,
    String signature) {

  /** What a token's signature is made over, in place of a topic: (this, token, 0, answer). */
  public static final String SIGNED_AS = "certflow-challenge";

  /** An unsigned token. */
  public ChallengeToken(String token, String keyAuthorization, String orderId) {
    this(token, keyAuthorization, orderId, null);
  }
}
