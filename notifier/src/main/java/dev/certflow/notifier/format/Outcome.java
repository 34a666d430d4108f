package dev.certflow.notifier.format;

/**
 * How one delivery attempt ended.
 *
 * @param delivered the endpoint took the message
 * @param retryable not delivered, and a later attempt may succeed
 * @param detail the status and the service's own error, for the delivery history
 */
public record Outcome(boolean delivered, boolean retryable, String detail) {

  public static Outcome delivered(String detail) {
    return new Outcome(true, false, detail);
  }

  public static Outcome retry(String detail) {
    return new Outcome(false, true, detail);
  }

  public static Outcome refused(String detail) {
    return new Outcome(false, false, detail);
  }
}
