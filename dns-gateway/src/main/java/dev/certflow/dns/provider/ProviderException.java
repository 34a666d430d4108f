package dev.certflow.dns.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * A provider call that failed. The message starts with the provider's name and never holds a
 * credential; {@code retryable} says whether the same call may succeed later, and {@code
 * retryAfter} carries the vendor's hint of when, where it gave one.
 */
public class ProviderException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;
  private final transient Duration retryAfter;

  public ProviderException(String message, boolean retryable) {
    this(message, retryable, null);
  }

  public ProviderException(String message, boolean retryable, Duration retryAfter) {
    super(message);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  public boolean retryable() {
    return retryable;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
