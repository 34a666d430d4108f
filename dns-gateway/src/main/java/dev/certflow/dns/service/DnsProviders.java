package dev.certflow.dns.service;

import dev.certflow.dns.config.GatewayConfig;
import dev.certflow.dns.provider.DnsProvider;
import dev.certflow.dns.provider.ManualProvider;
import dev.certflow.dns.provider.Rfc2136Provider;
import dev.certflow.dns.provider.ServiceUrl;
import dev.certflow.dns.provider.cloud.AliyunProvider;
import dev.certflow.dns.provider.cloud.CloudflareProvider;
import dev.certflow.dns.provider.cloud.HuaweiProvider;
import dev.certflow.dns.provider.cloud.TencentProvider;
import dev.certflow.security.DnsServiceUrls;
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
    String name = provider == null ? "" : DnsServiceUrls.canonical(provider);
    if (!DnsServiceUrls.PROVIDERS.contains(name)) {
      throw new IllegalArgumentException("unknown provider '" + provider + "'");
    }
    DnsServiceUrls.problem(name, dnsServiceUrl)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(name + ": dns_service_url " + problem);
            });
    if (name.equals("manual")) {
      return new ManualProvider(config.dnsManualTimeout());
    }
    ServiceUrl url = ServiceUrl.parse(dnsServiceUrl, environment);
    int ttl = config.dnsTtl();
    return switch (name) {
      case "rfc2136" -> new Rfc2136Provider(url, ttl);
      case "cloudflare" -> new CloudflareProvider(url, ttl);
      case "aliyun" -> new AliyunProvider(url, ttl);
      case "huawei" -> new HuaweiProvider(url, ttl);
      case "tencent" -> new TencentProvider(url, ttl);
      default -> throw new IllegalArgumentException("unknown provider '" + provider + "'");
    };
  }
}
