package dev.certflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DnsProviderTypeTest {

  @Test
  void namesAndAliasesResolveToOneProvider() {
    assertThat(DnsProviderType.of("cf")).contains(DnsProviderType.CLOUDFLARE);
    assertThat(DnsProviderType.of("ali")).contains(DnsProviderType.ALIYUN);
    assertThat(DnsProviderType.of("rfc2136")).contains(DnsProviderType.RFC2136);
    assertThat(DnsProviderType.of("route53")).isEmpty();
    assertThat(DnsServiceUrls.PROVIDERS)
        .containsExactlyInAnyOrder(
            "cloudflare", "cf", "aliyun", "ali", "huawei", "tencent", "rfc2136", "manual");
  }

  @ParameterizedTest
  @EnumSource(value = DnsProviderType.class, mode = EnumSource.Mode.EXCLUDE, names = "MANUAL")
  void eachProviderNamesItsRequiredParametersWhenTheyAreMissing(DnsProviderType type) {
    String bare =
        type == DnsProviderType.RFC2136 ? "rfc2136://127.0.0.1:53" : "https://api.example.com";

    assertThat(DnsServiceUrls.problem(type.id(), bare))
        .hasValueSatisfying(p -> assertThat(p).startsWith("needs the parameter "));
    assertThat(DnsServiceUrls.example(type.id())).isEqualTo(type.example());
  }
}
