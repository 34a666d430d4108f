package dev.certflow.dns.provider;

import java.time.Duration;
import java.util.List;

/**
 * A DNS provider as dns-gateway uses it: present one TXT value, remove exactly that value again.
 * Presenting keeps other values at the same name; both calls are harmless when repeated.
 * Implementations are made per request from a resolved {@code dns_service_url}.
 */
public interface DnsProvider {

  /** The provider's name, as in {@code dns_provider}. */
  String id();

  /**
   * The authoritative servers to check propagation against (host:port); empty means "ask DNS for
   * the zone's name servers".
   */
  default List<String> authoritativeServers() {
    return List.of();
  }

  /** Whether a person creates the record (the gateway only waits for it). */
  default boolean manual() {
    return false;
  }

  /**
   * Creates the TXT value.
   *
   * @param zone the zone the name lives in, absolute
   * @param name the record name, absolute
   */
  TxtRecord present(String zone, String name, String value) throws ProviderException;

  /** Removes exactly the value {@link #present} created. */
  void cleanUp(TxtRecord record) throws ProviderException;

  /** How long propagation may take with this provider. */
  default Duration propagationTimeout() {
    return Duration.ofMinutes(2);
  }
}
