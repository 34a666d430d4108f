package dev.certflow.dns.provider.cloud;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certflow.dns.provider.DnsProvider;
import dev.certflow.dns.provider.ProviderException;
import dev.certflow.dns.provider.ServiceUrl;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Cloudflare against its emulation. */
class CloudflareProviderTest extends CloudProviderContract {

  private static final CloudflareEmulation EMULATION =
      new CloudflareEmulation(SECRET, ACCOUNT_ZONES);

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
    return base + "?token=" + secret;
  }

  @Override
  protected DnsProvider provider(ServiceUrl url) {
    return new CloudflareProvider(url, 60);
  }

  @Override
  protected String providerName() {
    return "cloudflare";
  }

  @Override
  protected boolean bearerToken() {
    return true;
  }

  @Test
  void rateLimitingCarriesTheVendorsRetryAfter() {
    EMULATION.failNext(VendorEmulation.Fault.RATE_LIMITED);
    assertThatThrownBy(() -> provider().present(zone(), "_acme-challenge.h.example.com.", "v"))
        .isInstanceOf(ProviderException.class)
        .matches(
            e -> ((ProviderException) e).retryAfter().orElseThrow().equals(Duration.ofSeconds(7)));
  }
}
