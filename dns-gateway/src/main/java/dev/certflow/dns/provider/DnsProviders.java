package dev.certflow.dns.provider;

import dev.certflow.dns.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.UnaryOperator;

/** Makes the provider a challenge names, from its resolved {@code dns_service_url}. */
@ApplicationScoped
public class DnsProviders {

  private final GatewayConfig config;
  private final UnaryOperator<String> environment;

  DnsProviders(GatewayConfig config) {
    this.config = config;
    this.environment = System::getenv;
  }

  /**
   * The provider.
   *
   * @throws IllegalArgumentException when the name is unknown or the URL unusable
   */
  public DnsProvider create(String provider, String dnsServiceUrl) {
    return switch (provider == null ? "" : provider) {
      case "manual" -> new ManualProvider(config.dnsManualTimeout());
      case "rfc2136" ->
          new Rfc2136Provider(
              ServiceUrl.parse(require(dnsServiceUrl), environment), config.dnsTtl());
      case "cloudflare", "cf", "aliyun", "ali", "huawei", "tencent" ->
          throw new IllegalArgumentException(
              provider + ": this provider is not available in this version of dns-gateway");
      default -> throw new IllegalArgumentException("unknown provider '" + provider + "'");
    };
  }

  private static String require(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("dns_service_url is required");
    }
    return url;
  }
}
