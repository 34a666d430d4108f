package dev.certflow.dns.provider;

/**
 * A provider call that failed. The message starts with the provider's name and never holds a
 * credential; {@code retryable} says whether the same call may succeed later.
 */
public class ProviderException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public ProviderException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
