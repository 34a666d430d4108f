package dev.certflow.api.service.validity;

import java.time.Duration;
import java.time.Instant;

/**
 * When a certificate is due for renewal: once less than {@code buffer_days} of validity is left;
 * without buffer_days, once a third of its lifetime is left (half for lifetimes under 10 days, so
 * short-lived certificates keep a useful margin).
 */
public final class RenewalPolicy {

  private RenewalPolicy() {}

  public static Instant renewAt(Instant notBefore, Instant notAfter, Integer bufferDays) {
    if (bufferDays != null) {
      return notAfter.minus(Duration.ofDays(bufferDays));
    }
    Duration lifetime = Duration.between(notBefore, notAfter);
    Duration margin =
        lifetime.compareTo(Duration.ofDays(10)) < 0 ? lifetime.dividedBy(2) : lifetime.dividedBy(3);
    return notAfter.minus(margin);
  }

  public static boolean due(Instant notBefore, Instant notAfter, Integer bufferDays, Instant now) {
    return !now.isBefore(renewAt(notBefore, notAfter, bufferDays));
  }
}
