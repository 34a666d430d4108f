package dev.certflow.agent.store;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An immutable index of the certificates a node serves, rebuilt on every change and swapped in
 * whole, so a handshake always sees one consistent state. Lookup order: exact name, one-level
 * wildcard, a CA that may mint for the name, then the default certificate. Where two certificates
 * claim a name, the newest not_before wins (then the higher version, then the name), so every node
 * decides alike.
 */
public final class SniTable {

  /** Which of two claimants wins a name. */
  static final Comparator<ServedCertificate> PREFERENCE =
      Comparator.comparing(ServedCertificate::notBefore)
          .thenComparingInt(ServedCertificate::version)
          .thenComparing(ServedCertificate::name, Comparator.reverseOrder());

  private static final SniTable EMPTY = new SniTable(List.of(), Map.of());

  /**
   * What serves a name.
   *
   * @param certificate the certificate to serve, or the CA to mint under
   * @param mint whether a leaf must be minted under {@code certificate}
   */
  public record Match(ServedCertificate certificate, boolean mint) {}

  private final Map<String, ServedCertificate> byName = new HashMap<>();
  private final Map<String, ServedCertificate> exact = new HashMap<>();
  private final Map<String, ServedCertificate> wildcard = new HashMap<>();
  private final Map<String, ServedCertificate> caExact = new HashMap<>();
  private final Map<String, ServedCertificate> caWildcard = new HashMap<>();
  private final Map<String, ServedCertificate> byAlias = new HashMap<>();
  private ServedCertificate defaultCertificate;

  private SniTable(
      Collection<ServedCertificate> certificates, Map<String, ServedCertificate> retired) {
    // Aliases of the previous table stay resolvable for a handshake that chose one just before
    // the swap.
    byAlias.putAll(retired);
    for (ServedCertificate certificate : certificates) {
      byName.put(certificate.name(), certificate);
      byAlias.put(certificate.alias(), certificate);
      for (String domain : certificate.domains()) {
        String host = domain.toLowerCase(Locale.ROOT);
        boolean isWildcard = host.startsWith("*.");
        Map<String, ServedCertificate> index =
            certificate.isCa()
                ? (isWildcard ? caWildcard : caExact)
                : (isWildcard ? wildcard : exact);
        index.merge(isWildcard ? host.substring(2) : host, certificate, SniTable::preferred);
      }
      if (certificate.isDefault()) {
        defaultCertificate =
            defaultCertificate == null ? certificate : preferred(defaultCertificate, certificate);
      }
    }
  }

  public static SniTable empty() {
    return EMPTY;
  }

  /** A table of these certificates, keeping the aliases of {@code previous} resolvable. */
  public static SniTable of(Collection<ServedCertificate> certificates, SniTable previous) {
    Map<String, ServedCertificate> retired = new HashMap<>();
    previous.byName.values().forEach(c -> retired.put(c.alias(), c));
    return new SniTable(certificates, retired);
  }

  private static ServedCertificate preferred(ServedCertificate a, ServedCertificate b) {
    return PREFERENCE.compare(a, b) >= 0 ? a : b;
  }

  /** What to serve for a client's SNI (null when it sent none); null when nothing matches. */
  public Match select(String serverName) {
    if (serverName != null && !serverName.isEmpty()) {
      String host = serverName.toLowerCase(Locale.ROOT);
      if (host.endsWith(".")) {
        host = host.substring(0, host.length() - 1);
      }
      ServedCertificate found = exact.get(host);
      if (found != null) {
        return new Match(found, false);
      }
      int dot = host.indexOf('.');
      String parent = dot > 0 ? host.substring(dot + 1) : null;
      if (parent != null && (found = wildcard.get(parent)) != null) {
        return new Match(found, false);
      }
      if ((found = caExact.get(host)) != null
          || (parent != null && (found = caWildcard.get(parent)) != null)) {
        return new Match(found, true);
      }
    }
    return defaultCertificate == null ? null : new Match(defaultCertificate, false);
  }

  public ServedCertificate byAlias(String alias) {
    return byAlias.get(alias);
  }

  public ServedCertificate byName(String name) {
    return byName.get(name);
  }

  public Collection<ServedCertificate> all() {
    return byName.values();
  }
}
