package dev.certflow.dns.rest;

import java.util.List;
import java.util.Locale;

/**
 * The record names a sealed URL may be used for: {@code _acme-challenge.} and one of the
 * certificate's domains (a wildcard's base name). A caller holding a sealed URL cannot create
 * records elsewhere in the zone.
 */
final class ChallengeNames {

  private ChallengeNames() {}

  static boolean forDomains(String name, List<String> domains) {
    String asked = plain(name);
    return domains.stream()
        .map(d -> "_acme-challenge." + plain(d.startsWith("*.") ? d.substring(2) : d))
        .anyMatch(asked::equals);
  }

  private static String plain(String name) {
    String lower = name.strip().toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }
}
