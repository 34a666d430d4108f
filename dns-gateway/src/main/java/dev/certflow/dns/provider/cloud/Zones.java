package dev.certflow.dns.provider.cloud;

import dev.certflow.dns.provider.ProviderException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Finds the zone a name lives in among the zones an account holds: the longest suffix match. Never
 * the name split at its first dot nor its last two labels, which put {@code
 * _acme-challenge.shop.example.com.cn} into {@code com.cn}.
 */
public final class Zones {

  private Zones() {}

  /** The name without a trailing dot, lower case. */
  public static String plain(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  /**
   * The account's zone that holds the name.
   *
   * @throws ProviderException (final) naming the zones the account has, when none holds it
   */
  public static Zone holding(String provider, String name, List<Zone> zones)
      throws ProviderException {
    String wanted = plain(name);
    return zones.stream()
        .filter(z -> wanted.equals(z.name()) || wanted.endsWith("." + z.name()))
        .max(Comparator.comparingInt(z -> z.name().length()))
        .orElseThrow(
            () ->
                new ProviderException(
                    provider
                        + ": no zone of this account holds "
                        + wanted
                        + "; the account has "
                        + (zones.isEmpty()
                            ? "no zones"
                            : zones.stream()
                                .map(Zone::name)
                                .sorted()
                                .collect(Collectors.joining(", "))),
                    false));
  }

  /** The name relative to the zone, {@code @} for the apex. */
  public static String relative(String name, Zone zone) {
    String plain = plain(name);
    return plain.equals(zone.name())
        ? "@"
        : plain.substring(0, plain.length() - zone.name().length() - 1);
  }
}
