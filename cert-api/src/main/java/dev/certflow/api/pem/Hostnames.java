package dev.certflow.api.pem;

import java.net.IDN;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/** Host name rules: syntax, IDN to punycode, and coverage by a certificate's SANs. */
public final class Hostnames {

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  private Hostnames() {}

  /**
   * The name in lower-case punycode.
   *
   * @throws IllegalArgumentException with a message naming the fault
   */
  public static String normalize(String name) {
    String trimmed = name.strip();
    if (trimmed.endsWith(".")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    boolean wildcard = trimmed.startsWith("*.");
    String base = wildcard ? trimmed.substring(2) : trimmed;
    String ascii;
    try {
      ascii = IDN.toASCII(base, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + name + "' is not a valid host name");
    }
    if (ascii.isEmpty() || ascii.length() > 253) {
      throw new IllegalArgumentException("'" + name + "' is not a valid host name");
    }
    String[] labels = ascii.split("\\.", -1);
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        throw new IllegalArgumentException(
            "'"
                + name
                + "' is not a valid host name"
                + (base.contains("*")
                    ? " (a wildcard may only be the whole first label, as in *.example.com)"
                    : ""));
      }
    }
    if (wildcard && labels.length < 2) {
      throw new IllegalArgumentException("'" + name + "' is too broad a wildcard");
    }
    return wildcard ? "*." + ascii : ascii;
  }

  /** Whether a certificate with these SANs is valid for the (normalized) name. */
  public static boolean covered(String name, Collection<String> sans) {
    for (String san : sans) {
      if (san.equals(name)) {
        return true;
      }
      if (san.startsWith("*.") && !name.startsWith("*.")) {
        int dot = name.indexOf('.');
        if (dot > 0 && name.substring(dot + 1).equals(san.substring(2))) {
          return true;
        }
      }
    }
    return false;
  }
}
