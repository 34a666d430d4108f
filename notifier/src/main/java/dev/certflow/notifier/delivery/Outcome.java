package dev.certflow.notifier.delivery;

/**
 * How one delivery attempt ended.
 *
 * @param delivered the endpoint took the message
 * @param retryable not delivered, and a later attempt may succeed
 * @param detail the status and the service's own error, for the delivery history
 */
public record Outcome(boolean delivered, boolean retryable, String detail) {

  static Outcome delivered(String detail) {
    return new Outcome(true, false, detail);
  }

  static Outcome retry(String detail) {
    return new Outcome(false, true, detail);
  }

  static Outcome refused(String detail) {
    return new Outcome(false, false, detail);
  }
}
