package dev.certflow.agent.store;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The index of the certificates a node serves, changed in place batch by batch: a change costs in
 * proportion to the certificates it touches, not to the hundred thousand the node may hold. Each
 * look-up reads one name's entry, which a change replaces whole, so a handshake sees either the old
 * or the new certificate of a name, never a mix. Lookup order: exact name, one-level wildcard, a CA
 * that may mint for the name, then the default certificate. Where two certificates claim a name,
 * the newest not_before wins (then the higher version, then the name), so every node decides alike.
 */
public final class SniTable {

  /** Which of two claimants wins a name. */
  static final Comparator<ServedCertificate> PREFERENCE =
      Comparator.comparing(ServedCertificate::notBefore)
          .thenComparingInt(ServedCertificate::version)
          .thenComparing(ServedCertificate::name, Comparator.reverseOrder());

  /** How many replaced aliases stay resolvable for handshakes that chose one before a change. */
  static final int RETIRED_ALIASES = 4096;

  /**
   * What serves a name.
   *
   * @param certificate the certificate to serve, or the CA to mint under
   * @param mint whether a leaf must be minted under {@code certificate}
   */
  public record Match(ServedCertificate certificate, boolean mint) {}

  private final Map<String, ServedCertificate> byName = new ConcurrentHashMap<>();
  private final Map<String, ServedCertificate> byAlias = new ConcurrentHashMap<>();
  // Host (without "*.") to its claimants, best first; a claimant list is replaced, never changed.
  private final Map<String, List<ServedCertificate>> exact = new ConcurrentHashMap<>();
  private final Map<String, List<ServedCertificate>> wildcard = new ConcurrentHashMap<>();
  private final Map<String, List<ServedCertificate>> caExact = new ConcurrentHashMap<>();
  private final Map<String, List<ServedCertificate>> caWildcard = new ConcurrentHashMap<>();
  private final Set<ServedCertificate> defaults = ConcurrentHashMap.newKeySet();
  private volatile ServedCertificate defaultCertificate;
  private final Map<String, ServedCertificate> retired =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ServedCertificate> eldest) {
          return size() > RETIRED_ALIASES;
        }
      };

  /** A new, empty table. */
  public static SniTable empty() {
    return new SniTable();
  }

  /** A table of these certificates, keeping the aliases of {@code previous} resolvable. */
  public static SniTable of(Collection<ServedCertificate> certificates, SniTable previous) {
    SniTable table = new SniTable();
    previous.byName.values().forEach(c -> table.retired.put(c.alias(), c));
    table.apply(certificates, Set.of());
    return table;
  }

  /** Upserts replace certificates by name, removals drop them. Writers are serialised. */
  public synchronized void apply(Collection<ServedCertificate> upserts, Set<String> removals) {
    for (String name : removals) {
      ServedCertificate gone = byName.remove(name);
      if (gone != null) {
        unindex(gone);
      }
    }
    for (ServedCertificate certificate : upserts) {
      ServedCertificate previous = byName.put(certificate.name(), certificate);
      if (previous != null) {
        unindex(previous);
      }
      index(certificate);
    }
    if (!removals.isEmpty() || upserts.stream().anyMatch(ServedCertificate::isDefault)) {
      defaultCertificate = defaults.stream().max(PREFERENCE).orElse(null);
    }
  }

  private void index(ServedCertificate certificate) {
    byAlias.put(certificate.alias(), certificate);
    for (String domain : certificate.domains()) {
      String host = domain.toLowerCase(Locale.ROOT);
      boolean isWildcard = host.startsWith("*.");
      indexFor(certificate, isWildcard)
          .compute(
              isWildcard ? host.substring(2) : host,
              (key, claimants) -> with(claimants, certificate));
    }
    if (certificate.isDefault()) {
      defaults.add(certificate);
    }
  }

  private void unindex(ServedCertificate certificate) {
    byAlias.remove(certificate.alias());
    synchronized (retired) {
      retired.put(certificate.alias(), certificate);
    }
    for (String domain : certificate.domains()) {
      String host = domain.toLowerCase(Locale.ROOT);
      boolean isWildcard = host.startsWith("*.");
      indexFor(certificate, isWildcard)
          .computeIfPresent(
              isWildcard ? host.substring(2) : host,
              (key, claimants) -> without(claimants, certificate));
    }
    if (defaults.remove(certificate)) {
      defaultCertificate = defaults.stream().max(PREFERENCE).orElse(null);
    }
  }

  private Map<String, List<ServedCertificate>> indexFor(
      ServedCertificate certificate, boolean isWildcard) {
    return certificate.isCa()
        ? (isWildcard ? caWildcard : caExact)
        : (isWildcard ? wildcard : exact);
  }

  private static List<ServedCertificate> with(
      List<ServedCertificate> claimants, ServedCertificate certificate) {
    if (claimants == null) {
      return List.of(certificate);
    }
    return Stream.concat(claimants.stream(), Stream.of(certificate))
        .distinct()
        .sorted(PREFERENCE.reversed())
        .toList();
  }

  private static List<ServedCertificate> without(
      List<ServedCertificate> claimants, ServedCertificate certificate) {
    List<ServedCertificate> rest =
        claimants.stream().filter(c -> !c.alias().equals(certificate.alias())).toList();
    return rest.isEmpty() ? null : rest;
  }

  private static ServedCertificate best(Map<String, List<ServedCertificate>> index, String host) {
    List<ServedCertificate> claimants = index.get(host);
    return claimants == null ? null : claimants.get(0);
  }

  /** What to serve for a client's SNI (null when it sent none); null when nothing matches. */
  public Match select(String serverName) {
    if (serverName != null && !serverName.isEmpty()) {
      String host = serverName.toLowerCase(Locale.ROOT);
      if (host.endsWith(".")) {
        host = host.substring(0, host.length() - 1);
      }
      ServedCertificate found = best(exact, host);
      if (found != null) {
        return new Match(found, false);
      }
      int dot = host.indexOf('.');
      String parent = dot > 0 ? host.substring(dot + 1) : null;
      if (parent != null && (found = best(wildcard, parent)) != null) {
        return new Match(found, false);
      }
      if ((found = best(caExact, host)) != null
          || (parent != null && (found = best(caWildcard, parent)) != null)) {
        return new Match(found, true);
      }
    }
    ServedCertificate fallback = defaultCertificate;
    return fallback == null ? null : new Match(fallback, false);
  }

  /** The certificate of an alias, also one replaced moments ago. */
  public ServedCertificate byAlias(String alias) {
    ServedCertificate current = byAlias.get(alias);
    if (current != null) {
      return current;
    }
    synchronized (retired) {
      return retired.get(alias);
    }
  }

  public ServedCertificate byName(String name) {
    return byName.get(name);
  }

  public Collection<ServedCertificate> all() {
    return byName.values();
  }

  public int size() {
    return byName.size();
  }
}
