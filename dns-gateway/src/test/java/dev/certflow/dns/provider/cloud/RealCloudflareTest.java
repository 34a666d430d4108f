package dev.certflow.dns.provider.cloud;

import dev.certflow.dns.provider.DnsProvider;
import dev.certflow.dns.provider.ServiceUrl;

/** Cloudflare's real API, when credentials are in the environment. */
class RealCloudflareTest extends RealVendorConformance {

  @Override
  protected String providerName() {
    return "cloudflare";
  }

  @Override
  protected DnsProvider provider(ServiceUrl url) {
    return new CloudflareProvider(url, 60);
  }
}
