package dev.certflow.api.service.certificate;

import dev.certflow.api.service.validity.ValidityRules;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** The states a certificate is shown in. */
public enum CertificateStatus {
  VALID,
  EXPIRING,
  EXPIRED,
  PENDING,
  FAILED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The status of a certificate.
   *
   * @param notAfter end of validity of the current version, or null when there is none
   * @param expiringWithin how close to its end it counts as expiring ({@link
   *     ValidityRules#expiringWithin})
   */
  public static CertificateStatus of(Instant notAfter, Duration expiringWithin, Instant now) {
    if (notAfter == null) {
      return PENDING;
    }
    if (!now.isBefore(notAfter)) {
      return EXPIRED;
    }
    return Duration.between(now, notAfter).compareTo(expiringWithin) < 0 ? EXPIRING : VALID;
  }

  public static CertificateStatus parse(String label) {
    for (CertificateStatus status : values()) {
      if (status.label().equals(label)) {
        return status;
      }
    }
    return null;
  }
}
