package dev.certflow.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CertificateStatusTest {

  private final Instant now = Instant.parse("2026-11-29T00:00:00Z");

  @Test
  void followsRemainingValidity() {
    assertThat(CertificateStatus.of(null, 7, now)).isEqualTo(CertificateStatus.PENDING);
    assertThat(CertificateStatus.of(now.plus(Duration.ofDays(30)), 7, now))
        .isEqualTo(CertificateStatus.VALID);
    assertThat(CertificateStatus.of(now.plus(Duration.ofDays(6)), 7, now))
        .isEqualTo(CertificateStatus.EXPIRING);
    assertThat(CertificateStatus.of(now.plus(Duration.ofDays(7)), 7, now))
        .isEqualTo(CertificateStatus.VALID);
    assertThat(CertificateStatus.of(now, 7, now)).isEqualTo(CertificateStatus.EXPIRED);
  }
}
