package dev.certflow.dns.provider.cloud;

import dev.certflow.dns.provider.DnsProvider;
import dev.certflow.dns.provider.ServiceUrl;
import org.junit.jupiter.api.AfterAll;

/** Huawei against its emulation. */
class HuaweiProviderTest extends CloudProviderContract {

  private static final HuaweiEmulation EMULATION =
      new HuaweiEmulation(KEY_ID, SECRET, ACCOUNT_ZONES);

  @AfterAll
  static void stop() {
    EMULATION.close();
  }

  @Override
  protected VendorEmulation emulation() {
    return EMULATION;
  }

  @Override
  protected String serviceUrl(String base, String secret) {
    return base + "?access_key_id=" + KEY_ID + "&access_key_secret=" + secret;
  }

  @Override
  protected DnsProvider provider(ServiceUrl url) {
    return new HuaweiProvider(url, 60);
  }

  @Override
  protected String providerName() {
    return "huawei";
  }
}
