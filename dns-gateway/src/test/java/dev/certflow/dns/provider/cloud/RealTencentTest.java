package dev.certflow.dns.provider.cloud;

import dev.certflow.dns.provider.DnsProvider;
import dev.certflow.dns.provider.ServiceUrl;

/** Tencent's real API, when credentials are in the environment. */
class RealTencentTest extends RealVendorConformance {

  @Override
  protected String providerName() {
    return "tencent";
  }

  @Override
  protected DnsProvider provider(ServiceUrl url) {
    return new TencentProvider(url, 60);
  }
}
