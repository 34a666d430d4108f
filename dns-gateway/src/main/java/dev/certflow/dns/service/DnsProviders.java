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
import dev.certflow.security.DnsProviderType;
import dev.certflow.security.DnsServiceUrls;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.UnaryOperator;

/** Makes the provider a challenge names, from its resolved {@code dns_service_url}. */
@ApplicationScoped
public class DnsProviders {

  private final GatewayConfig config;
  private final UnaryOperator<String> environment;
  private final ApiHosts apiHosts;

  DnsProviders(GatewayConfig config) {
    this.config = config;
    this.apiHosts = new ApiHosts(config.dnsApiHosts().orElse(List.of()));
    List<String> prefixes = config.dnsEnvPrefixes();
    // A name outside the prefixes reads as unset: an error must not tell whether it exists.
    this.environment =
        name ->
            !name.startsWith("CERTFLOW_") && prefixes.stream().anyMatch(name::startsWith)
                ? System.getenv(name)
                : null;
  }

  /**
   * The provider.
   *
   * @throws IllegalArgumentException when the name is unknown or the URL unusable
   */
  public DnsProvider create(String provider, String dnsServiceUrl) {
    DnsProviderType type =
        DnsProviderType.of(provider == null ? "" : provider)
            .orElseThrow(() -> new IllegalArgumentException("unknown provider '" + provider + "'"));
    DnsServiceUrls.problem(type.id(), dnsServiceUrl)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(type.id() + ": dns_service_url " + problem);
            });
    int ttl = config.dnsTtl();
    // Exhaustive: a provider added to DnsProviderType does not compile here without its client.
    return switch (type) {
      case MANUAL -> new ManualProvider(config.dnsManualTimeout());
      case RFC2136 -> new Rfc2136Provider(url(dnsServiceUrl), ttl);
      case CLOUDFLARE -> new CloudflareProvider(vendorUrl(type, dnsServiceUrl), ttl);
      case ALIYUN -> new AliyunProvider(vendorUrl(type, dnsServiceUrl), ttl);
      case HUAWEI -> new HuaweiProvider(vendorUrl(type, dnsServiceUrl), ttl);
      case TENCENT -> new TencentProvider(vendorUrl(type, dnsServiceUrl), ttl);
    };
  }

  private ServiceUrl url(String dnsServiceUrl) {
    return ServiceUrl.parse(dnsServiceUrl, environment);
  }

  /** The URL of a cloud provider, whose host must be the vendor's API (or a configured one). */
  private ServiceUrl vendorUrl(DnsProviderType type, String dnsServiceUrl) {
    if (!dnsServiceUrl.strip().startsWith("$ENV:")) {
      // The host first, before any variable is read for it.
      apiHosts.check(type, ServiceUrl.parse(dnsServiceUrl, name -> "unread"));
    }
    ServiceUrl url = url(dnsServiceUrl);
    apiHosts.check(type, url);
    return url;
  }
}
