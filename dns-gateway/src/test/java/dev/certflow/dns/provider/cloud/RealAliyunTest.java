package dev.certflow.dns.provider.cloud;

import dev.certflow.dns.provider.DnsProvider;
import dev.certflow.dns.provider.ServiceUrl;

/** Aliyun's real API, when credentials are in the environment. */
class RealAliyunTest extends RealVendorConformance {

  @Override
  protected String providerName() {
    return "aliyun";
  }

  @Override
  protected DnsProvider provider(ServiceUrl url) {
    return new AliyunProvider(url, 60);
  }
}
