package dev.certflow.dns.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** dns-gateway settings; each maps to an environment variable such as {@code CERTFLOW_DNS_KEY}. */
@ConfigMapping(prefix = "certflow")
public interface GatewayConfig {

  /** Base64 AES-256 key shared with cert-api; opens the DNS service URLs sealed in orders. */
  Optional<String> dnsKey();

  /**
   * Bearer token callers (the ACME workers) must send; none means the API is open on its address.
   */
  Optional<String> dnsGatewayToken();

  /** Recursive resolver for zone and name server look-ups (host:port); default: the system's. */
  Optional<String> dnsResolver();

  /** Port the authoritative servers answer on when checking propagation. */
  @WithDefault("53")
  int dnsAuthoritativePort();

  /** TTL of the TXT records presented. */
  @WithDefault("60")
  int dnsTtl();

  /** Longest wait for the manual provider's record to appear. */
  @WithDefault("30m")
  Duration dnsManualTimeout();
}
