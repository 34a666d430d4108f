package dev.certflow.api.service.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Retry-After of a renewalInfo answer, in both of RFC 9110's forms. */
class CaDirectoriesTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void secondsAndHttpDatesAreReadAndAnythingElseWaitsSixHours() {
    assertThat(CaDirectories.retryAfter(Optional.of("21600"), NOW)).isEqualTo(Duration.ofHours(6));
    assertThat(CaDirectories.retryAfter(Optional.of(" 90 "), NOW))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(CaDirectories.retryAfter(Optional.of("Tue, 01 Dec 2026 12:30:00 GMT"), NOW))
        .isEqualTo(Duration.ofMinutes(150));
    assertThat(CaDirectories.retryAfter(Optional.of("soon"), NOW)).isEqualTo(Duration.ofHours(6));
    assertThat(CaDirectories.retryAfter(Optional.empty(), NOW)).isEqualTo(Duration.ofHours(6));
  }
}
