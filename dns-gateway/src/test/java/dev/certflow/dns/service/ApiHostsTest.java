package dev.certflow.dns.service;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certflow.dns.provider.ServiceUrl;
import dev.certflow.security.DnsProviderType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiHostsTest {

  private final ApiHosts vendorsOnly = new ApiHosts(List.of());

  private static ServiceUrl url(String text) {
    return ServiceUrl.parse(text, name -> "secret");
  }

  @Test
  void eachVendorsOwnApiAndItsRegionalEndpointsAreAllowed() {
    for (var allowed :
        List.of(
            List.of(DnsProviderType.CLOUDFLARE, "https://api.cloudflare.com?token=t"),
            List.of(DnsProviderType.ALIYUN, "https://alidns.aliyuncs.com?x=1"),
            List.of(DnsProviderType.ALIYUN, "https://alidns.cn-hangzhou.aliyuncs.com"),
            List.of(DnsProviderType.HUAWEI, "https://dns.ap-southeast-1.myhuaweicloud.com"),
            List.of(DnsProviderType.HUAWEI, "https://DNS.myhuaweicloud.com:443"),
            List.of(DnsProviderType.TENCENT, "https://dnspod.tencentcloudapi.com"),
            List.of(DnsProviderType.TENCENT, "https://dnspod.intl.tencentcloudapi.com"),
            List.of(DnsProviderType.RFC2136, "rfc2136://ns.example.net:53?tsig_name=k"))) {
      assertThatCode(
              () ->
                  vendorsOnly.check((DnsProviderType) allowed.get(0), url((String) allowed.get(1))))
          .as("%s", allowed)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void anyOtherHostPortOrSchemeIsRefused() {
    for (String refused :
        List.of(
            "https://evil.example?token=$ENV:DNS_CF_TOKEN",
            "https://api.cloudflare.com.evil.example",
            "https://evilapi.cloudflare.com",
            "https://api.cloudflare.com:8443",
            "http://api.cloudflare.com",
            "https://alidns.aliyuncs.com",
            "http://127.0.0.1:8080")) {
      assertThatThrownBy(() -> vendorsOnly.check(DnsProviderType.CLOUDFLARE, url(refused)))
          .as(refused)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("cloudflare: dns_service_url must be the vendor's API")
          .hasMessageNotContaining("secret");
    }
  }

  @Test
  void theGatewaysOwnSettingAddsHostsForEmulatorsAndProxies() {
    ApiHosts withEmulator = new ApiHosts(List.of("127.0.0.1", " Proxy.Internal "));
    assertThatCode(() -> withEmulator.check(DnsProviderType.TENCENT, url("http://127.0.0.1:9999/")))
        .doesNotThrowAnyException();
    assertThatCode(
            () -> withEmulator.check(DnsProviderType.ALIYUN, url("https://proxy.internal:8443")))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> withEmulator.check(DnsProviderType.TENCENT, url("http://127.0.0.2:9999/")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
