package dev.certflow.api.service.validity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidityRulesTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  private static List<String> tiers(
      boolean acme, Integer bufferDays, Duration lifetime, Duration left) {
    Instant notAfter = NOW.plus(left);
    return ValidityRules.check("c", acme, bufferDays, notAfter.minus(lifetime), notAfter, 7, NOW)
        .stream()
        .map(c -> c.category() + ":" + c.tier())
        .toList();
  }

  @Test
  void uploadsUseBufferDaysOrTheDefaultThenOneDayThenExpired() {
    assertThat(tiers(false, null, Duration.ofDays(90), Duration.ofDays(8))).isEmpty();
    assertThat(tiers(false, null, Duration.ofDays(90), Duration.ofDays(6)))
        .containsExactly("expiring:window");
    assertThat(tiers(false, 30, Duration.ofDays(90), Duration.ofDays(20)))
        .containsExactly("expiring:window");
    assertThat(tiers(false, null, Duration.ofDays(90), Duration.ofHours(20)))
        .containsExactly("expiring:1d");
    assertThat(tiers(false, null, Duration.ofDays(90), Duration.ofMinutes(-1)))
        .containsExactly("expired:expired");
  }

  @Test
  void shortLivedCertificatesAreNotInAlertAllTheTime() {
    // A 6-day certificate with 4 days left is in the middle of its life: no alert.
    assertThat(tiers(false, null, Duration.ofDays(6), Duration.ofDays(4))).isEmpty();
    assertThat(tiers(true, null, Duration.ofDays(6), Duration.ofDays(4))).isEmpty();
    // ...and only near its end.
    assertThat(tiers(false, null, Duration.ofDays(6), Duration.ofHours(30)))
        .containsExactly("expiring:window");
  }

  @Test
  void acmeCertificatesAreOverdueFromTheMiddleOfTheirRenewalWindow() {
    // 90 days, renewal window the last 30: renewal is overdue with 15 days left.
    assertThat(tiers(true, null, Duration.ofDays(90), Duration.ofDays(20))).isEmpty();
    assertThat(tiers(true, null, Duration.ofDays(90), Duration.ofDays(14)))
        .containsExactly("renewal_overdue:overdue");
    assertThat(tiers(true, null, Duration.ofDays(90), Duration.ofDays(7)))
        .containsExactly("expiring:window", "renewal_overdue:overdue");
  }
}
