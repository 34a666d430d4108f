package dev.certflow.dns.provider.cloud;

import dev.certflow.dns.provider.DnsProvider;
import dev.certflow.dns.provider.ServiceUrl;
import org.junit.jupiter.api.AfterAll;

/** Aliyun against its emulation. */
class AliyunProviderTest extends CloudProviderContract {

  private static final AliyunEmulation EMULATION =
      new AliyunEmulation(KEY_ID, SECRET, ACCOUNT_ZONES);

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
    return new AliyunProvider(url, 60);
  }

  @Override
  protected String providerName() {
    return "aliyun";
  }
}
