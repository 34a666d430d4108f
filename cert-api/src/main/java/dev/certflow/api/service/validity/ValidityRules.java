package dev.certflow.api.service.validity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which validity problems a certificate's current version has now. Thresholds follow the
 * certificate: {@code buffer_days} where set; otherwise, for uploads, the configured default but
 * never more than a third of the lifetime, and for ACME certificates a quarter of the renewal
 * window, so that short-lived certificates are not in alert all the time.
 */
public final class ValidityRules {

  private ValidityRules() {}

  /**
   * How close to its end a certificate counts as expiring: the same threshold for its status and
   * its {@code expiring} alert, so the list never shows a certificate expiring that raises nothing
   * (an ACME certificate of a few days' lifetime is not expiring the moment it is issued).
   */
  public static Duration expiringWithin(
      boolean acme,
      Integer bufferDays,
      Instant notBefore,
      Instant notAfter,
      int defaultBufferDays) {
    if (bufferDays != null && !acme) {
      return Duration.ofDays(bufferDays);
    }
    if (acme) {
      Instant renewAt = RenewalPolicy.renewAt(notBefore, notAfter, bufferDays);
      return Duration.between(renewAt, notAfter).dividedBy(4);
    }
    return min(
        Duration.ofDays(defaultBufferDays), Duration.between(notBefore, notAfter).dividedBy(3));
  }

  /**
   * The problems.
   *
   * @param defaultBufferDays the threshold for uploads without buffer_days
   */
  public static List<Condition> check(
      String name,
      boolean acme,
      Integer bufferDays,
      Instant notBefore,
      Instant notAfter,
      int defaultBufferDays,
      Instant now) {
    List<Condition> found = new ArrayList<>();
    Duration left = Duration.between(now, notAfter);
    if (left.isNegative() || left.isZero()) {
      found.add(
          new Condition(
              name, "expired", "", "expired", "critical", name + " expired at " + notAfter));
      return found;
    }
    Instant renewAt = RenewalPolicy.renewAt(notBefore, notAfter, bufferDays);
    Duration window = Duration.between(renewAt, notAfter);
    Duration threshold = expiringWithin(acme, bufferDays, notBefore, notAfter, defaultBufferDays);
    Duration oneDay = min(Duration.ofDays(1), threshold);
    if (left.compareTo(oneDay) <= 0) {
      found.add(
          new Condition(
              name,
              "expiring",
              "",
              "1d",
              "critical",
              name + " expires within a day, at " + notAfter));
    } else if (left.compareTo(threshold) <= 0) {
      found.add(
          new Condition(
              name,
              "expiring",
              "",
              "window",
              "warning",
              name + " expires in " + left.toDays() + " days, at " + notAfter));
    }
    if (acme && !now.isBefore(renewAt.plus(window.dividedBy(2)))) {
      found.add(
          new Condition(
              name,
              "renewal_overdue",
              "",
              "overdue",
              "warning",
              name + " should have been renewed since " + renewAt + "; it expires at " + notAfter));
    }
    return found;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
