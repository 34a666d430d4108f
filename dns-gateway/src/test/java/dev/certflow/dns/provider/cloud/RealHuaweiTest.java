package dev.certflow.dns.provider.cloud;

import dev.certflow.dns.provider.DnsProvider;
import dev.certflow.dns.provider.ServiceUrl;

/** Huawei's real API, when credentials are in the environment. */
class RealHuaweiTest extends RealVendorConformance {

  @Override
  protected String providerName() {
    return "huawei";
  }

  @Override
  protected DnsProvider provider(ServiceUrl url) {
    return new HuaweiProvider(url, 60);
  }
}
