package dev.certflow.api.service.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certflow.api.service.validity.ValidityRules;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CertificateStatusTest {

  private static final Duration SEVEN_DAYS = Duration.ofDays(7);
  private final Instant now = Instant.parse("2026-11-29T00:00:00Z");

  @Test
  void followsRemainingValidity() {
    assertThat(CertificateStatus.of(null, SEVEN_DAYS, now)).isEqualTo(CertificateStatus.PENDING);
    assertThat(CertificateStatus.of(now.plus(Duration.ofDays(30)), SEVEN_DAYS, now))
        .isEqualTo(CertificateStatus.VALID);
    assertThat(CertificateStatus.of(now.plus(Duration.ofDays(6)), SEVEN_DAYS, now))
        .isEqualTo(CertificateStatus.EXPIRING);
    assertThat(CertificateStatus.of(now.plus(Duration.ofDays(7)), SEVEN_DAYS, now))
        .isEqualTo(CertificateStatus.VALID);
    assertThat(CertificateStatus.of(now, SEVEN_DAYS, now)).isEqualTo(CertificateStatus.EXPIRED);
  }

  @Test
  void anAcmeCertificateOfAFewDaysIsNotExpiringWhenIssued() {
    // A 6-day certificate from an ACME CA, one day old, without buffer_days: its renewal is due
    // at 3 days left, so it is valid (it used to show expiring: 5 days < the 7-day default).
    Instant notBefore = now.minus(Duration.ofDays(1));
    Instant notAfter = notBefore.plus(Duration.ofDays(6));
    Duration acme = ValidityRules.expiringWithin(true, null, notBefore, notAfter, 7);
    assertThat(CertificateStatus.of(notAfter, acme, now)).isEqualTo(CertificateStatus.VALID);
    // Renewal late: less than a quarter of the 3-day renewal window left.
    assertThat(CertificateStatus.of(notAfter, acme, notAfter.minus(Duration.ofHours(12))))
        .isEqualTo(CertificateStatus.EXPIRING);
    // The same certificate uploaded: at most a third of its lifetime, 2 days.
    Duration upload = ValidityRules.expiringWithin(false, null, notBefore, notAfter, 7);
    assertThat(CertificateStatus.of(notAfter, upload, now)).isEqualTo(CertificateStatus.VALID);
    assertThat(CertificateStatus.of(notAfter, upload, notAfter.minus(Duration.ofDays(1))))
        .isEqualTo(CertificateStatus.EXPIRING);
  }
}
