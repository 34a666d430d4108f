package dev.certflow.dns.provider.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certflow.dns.provider.DnsProvider;
import dev.certflow.dns.provider.DnsProviderConformance;
import dev.certflow.dns.provider.ProviderException;
import dev.certflow.dns.provider.ServiceUrl;
import dev.certflow.dns.provider.TxtRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every cloud provider must do against its vendor's emulation, beyond the conformance test:
 * pick the account's zone by the longest suffix, class errors right, keep secrets out of messages,
 * and take {@code $ENV:} references.
 */
public abstract class CloudProviderContract extends DnsProviderConformance {

  static final List<String> ACCOUNT_ZONES =
      List.of("example.com", "sub.example.com", "example.com.cn", "example.net");
  protected static final String KEY_ID = "AKIDcertflowEXAMPLE";
  protected static final String SECRET = "Sk+certflow/secret=EXAMPLE";

  protected abstract VendorEmulation emulation();

  /** The service URL with this secret (and the emulation's key id) for the base URL. */
  protected abstract String serviceUrl(String base, String secret);

  protected abstract DnsProvider provider(ServiceUrl url);

  protected abstract String providerName();

  private DnsProvider provider(String base, String secret) {
    return provider(ServiceUrl.parse(serviceUrl(base, secret), n -> null));
  }

  @Override
  protected DnsProvider provider() {
    return provider(emulation().baseUrl(), SECRET);
  }

  @Override
  protected String zone() {
    return "example.com.";
  }

  @Override
  protected List<String> txtValues(String name) {
    return emulation().txtValues(name);
  }

  @Test
  void everyNameLandsInTheLongestZoneOfTheAccount() throws ProviderException {
    Map<String, String> expected =
        Map.of(
            "_acme-challenge.www.example.com.", "example.com.",
            "_acme-challenge.shop.example.com.cn.", "example.com.cn.",
            "_acme-challenge.a.sub.example.com.", "sub.example.com.",
            "_acme-challenge.example.net.", "example.net.");
    for (Map.Entry<String, String> entry : expected.entrySet()) {
      // The SOA hint is wrong on purpose: the account's own zones decide.
      TxtRecord record = provider().present("com.", entry.getKey(), "zone-test");
      assertThat(record.zone()).as(entry.getKey()).isEqualTo(entry.getValue());
      assertThat(emulation().txtValues(entry.getKey())).containsExactly("zone-test");
      provider().cleanUp(record);
      assertThat(emulation().txtValues(entry.getKey())).isEmpty();
    }
  }

  @Test
  void aNameOutsideTheAccountIsFinalAndListsTheZones() {
    assertThatThrownBy(() -> provider().present("org.", "_acme-challenge.example.org.", "v"))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith(providerName() + ": ")
        .hasMessageContaining("example.org")
        .hasMessageContaining("example.com, example.com.cn, example.net, sub.example.com")
        .matches(e -> !((ProviderException) e).retryable());
  }

  @Test
  void wrongCredentialsAreFinalAndNeverEchoed() {
    String wrong = "Wrong+secret/EXAMPLE";
    DnsProvider refused = provider(emulation().baseUrl(), wrong);
    assertThatThrownBy(() -> refused.present(zone(), "_acme-challenge.x.example.com.", "v"))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith(providerName() + ": ")
        .hasMessageNotContaining(wrong)
        .hasMessageNotContaining(SECRET)
        // Nor what the vendor computed from the request (Alibaba repeats its string-to-sign,
        // which holds the AccessKeyId): a caller learns only that the credentials are wrong.
        .hasMessageNotContaining(KEY_ID)
        .matches(e -> !((ProviderException) e).retryable());
  }

  /** Whether the secret is a bearer token that must travel in the Authorization header. */
  protected boolean bearerToken() {
    return false;
  }

  /** Signed requests carry a signature, never the secret; a bearer token only in its header. */
  @Test
  void theSecretIsNeverSentInTheClear() throws ProviderException {
    TxtRecord record = provider().present(zone(), "_acme-challenge.s.example.com.", "v");
    provider().cleanUp(record);
    assertThat(emulation().received())
        .allSatisfy(
            r -> {
              assertThat(r.getUrl()).doesNotContain(SECRET).doesNotContain("Sk%2Bcertflow");
              assertThat(r.getBodyAsString()).doesNotContain(SECRET);
              String headers = r.getHeaders().all().toString();
              if (bearerToken()) {
                headers = headers.replace("Bearer " + SECRET, "");
              }
              assertThat(headers).doesNotContain(SECRET);
            });
  }

  @Test
  void rateLimitingIsRetryable() {
    emulation().failNext(VendorEmulation.Fault.RATE_LIMITED);
    assertThatThrownBy(() -> provider().present(zone(), "_acme-challenge.r.example.com.", "v"))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith(providerName() + ": ")
        .matches(e -> ((ProviderException) e).retryable());
  }

  @Test
  void serverErrorsAreRetryable() {
    emulation().failNext(VendorEmulation.Fault.SERVER_ERROR);
    assertThatThrownBy(() -> provider().present(zone(), "_acme-challenge.e.example.com.", "v"))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith(providerName() + ": ")
        .matches(e -> ((ProviderException) e).retryable());
  }

  @Test
  void anUnreachableApiIsRetryable() {
    DnsProvider down = provider("http://127.0.0.1:9", SECRET);
    assertThatThrownBy(() -> down.present(zone(), "_acme-challenge.d.example.com.", "v"))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith(providerName() + ": ")
        .matches(e -> ((ProviderException) e).retryable());
  }

  @Test
  void envReferencesWorkForTheWholeUrlAndForParameters() throws ProviderException {
    String url = serviceUrl(emulation().baseUrl(), SECRET);
    Map<String, String> environment = Map.of("CF_WHOLE", url, "CF_SECRET", SECRET, "CF_ID", KEY_ID);
    DnsProvider whole = provider(ServiceUrl.parse("$ENV:CF_WHOLE", environment::get));
    whole.cleanUp(whole.present(zone(), "_acme-challenge.w.example.com.", "env"));
    String parameterForm = serviceUrl(emulation().baseUrl(), "$ENV:CF_SECRET");
    DnsProvider byParameter = provider(ServiceUrl.parse(parameterForm, environment::get));
    TxtRecord record = byParameter.present(zone(), "_acme-challenge.p.example.com.", "env");
    assertThat(emulation().txtValues("_acme-challenge.p.example.com")).containsExactly("env");
    byParameter.cleanUp(record);
  }

  @Test
  void plainHttpIsRefusedExceptOnLoopback() {
    assertThatThrownBy(() -> provider("http://dns.example.net", SECRET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(providerName() + ": ")
        .hasMessageContaining("https");
  }
}
