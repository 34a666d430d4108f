package dev.certflow.api.service.certificate;

import dev.certflow.api.entity.CertificateEntity;
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

  /**
   * The status of a stored certificate, from the columns kept on its row ({@code not_after}, {@code
   * expiring_at}): the same rules the list's SQL filters apply.
   */
  public static CertificateStatus of(CertificateEntity c, Instant now) {
    if (c.currentVersion == null) {
      return c.lastError != null ? FAILED : PENDING;
    }
    if (!now.isBefore(c.notAfter)) {
      return EXPIRED;
    }
    return c.expiringAt != null && !now.isBefore(c.expiringAt) ? EXPIRING : VALID;
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
