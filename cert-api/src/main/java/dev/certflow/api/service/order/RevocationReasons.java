package dev.certflow.api.service.order;

import dev.certflow.api.service.ValidationException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The RFC 5280 CRLReason codes a subscriber may give when revoking through ACME. Let's Encrypt (and
 * the Baseline Requirements) accept these five; the others are for a CA's own use.
 */
public final class RevocationReasons {

  public static final Map<String, Integer> CODES =
      new TreeMap<>(
          Map.of(
              "unspecified", 0,
              "key_compromise", 1,
              "affiliation_changed", 3,
              "superseded", 4,
              "cessation_of_operation", 5));

  private RevocationReasons() {}

  /**
   * The code of a reason given by name or number; {@code unspecified} when none is given.
   *
   * @throws ValidationException naming {@code reason} otherwise
   */
  public static int code(Object reason) {
    if (reason == null) {
      return 0;
    }
    if (reason instanceof Number number && CODES.containsValue(number.intValue())) {
      return number.intValue();
    }
    if (reason instanceof String name) {
      Integer code = CODES.get(name.strip().toLowerCase(Locale.ROOT));
      if (code != null) {
        return code;
      }
    }
    throw new ValidationException(
        "reason",
        "must be one of " + String.join(", ", CODES.keySet()) + " (or its RFC 5280 code)");
  }

  /** The name of a code, for messages. */
  public static String name(int code) {
    return CODES.entrySet().stream()
        .filter(e -> e.getValue() == code)
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(String.valueOf(code));
  }
}
