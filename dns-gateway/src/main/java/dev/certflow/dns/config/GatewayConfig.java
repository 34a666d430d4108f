package dev.certflow.dns.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** dns-gateway settings; each maps to an environment variable such as {@code CERTFLOW_DNS_KEY}. */
@ConfigMapping(prefix = "certflow")
public interface GatewayConfig {

  /** Base64 AES-256 key shared with cert-api; opens the DNS service URLs sealed in orders. */
  Optional<String> dnsKey();

  /**
   * Bearer token callers (the ACME workers) must send. Required: the gateway holds DNS credentials
   * and will not start without it, unless {@code CERTFLOW_DNS_GATEWAY_OPEN} says otherwise.
   */
  Optional<String> dnsGatewayToken();

  /** Development only: run without a token, the API open to whoever reaches its address. */
  @WithDefault("false")
  boolean dnsGatewayOpen();

  /**
   * Development only: accept a plain {@code dns_service_url} in a request. Otherwise only URLs
   * sealed by cert-api (in the worker's orders) are accepted, so a caller cannot point the
   * gateway's credentials at a host of its choosing.
   */
  @WithDefault("false")
  boolean dnsAllowPlainUrl();

  /**
   * The prefixes a {@code $ENV:} name in a {@code dns_service_url} must start with: the gateway
   * hands out only variables meant for DNS providers, never its own settings ({@code CERTFLOW_}
   * names are refused whatever this says).
   */
  @WithDefault("DNS_")
  List<String> dnsEnvPrefixes();

  /**
   * Hosts a cloud provider's {@code dns_service_url} may name besides the vendor's own API (an
   * emulator, a proxy): the gateway's setting alone, so that no request can choose where the
   * gateway's credentials are sent.
   */
  Optional<List<String>> dnsApiHosts();

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
