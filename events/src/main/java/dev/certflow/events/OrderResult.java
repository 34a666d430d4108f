package dev.certflow.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The outcome of an order: the issued chain, or why it failed.
 *
 * @param orderId the order this answers
 * @param certificate the certificate's name (also the Kafka key)
 * @param fullchain PEM, leaf first, on success; null on failure
 * @param problemType the ACME problem type (or a certflow one) on failure
 * @param detail what went wrong, with the CA's detail where there is one
 * @param retryable whether trying again later can succeed without a change
 * @param retryAfter the CA's hint for the next attempt, when it gave one
 * @param unpauseUrl where the account's owner lifts a pause the CA put on the account (Let's
 *     Encrypt pauses an account that keeps failing for a name); no order reaches that CA before
 */
public record OrderResult(
    @JsonProperty("order_id") String orderId,
    String certificate,
    String fullchain,
    @JsonProperty("problem_type") String problemType,
    String detail,
    boolean retryable,
    @JsonProperty("retry_after") Instant retryAfter,
    @JsonProperty("unpause_url") String unpauseUrl) {

  public boolean succeeded() {
    return fullchain != null;
  }

  public static OrderResult issued(String orderId, String certificate, String fullchain) {
    return new OrderResult(orderId, certificate, fullchain, null, null, false, null, null);
  }

  public static OrderResult failed(
      String orderId,
      String certificate,
      String problemType,
      String detail,
      boolean retryable,
      Instant retryAfter) {
    return new OrderResult(
        orderId, certificate, null, problemType, detail, retryable, retryAfter, null);
  }

  /** This failure, saying the CA paused the account until its owner visits {@code url}. */
  public OrderResult paused(String url) {
    return new OrderResult(
        orderId, certificate, fullchain, problemType, detail, retryable, retryAfter, url);
  }
}
