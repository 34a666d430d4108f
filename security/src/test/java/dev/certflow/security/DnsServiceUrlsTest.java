package dev.certflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DnsServiceUrlsTest {

  @Test
  void theDocumentedFormsAreAccepted() {
    assertThat(DnsServiceUrls.problem("cf", "https://api.cloudflare.com?token=abc")).isEmpty();
    assertThat(
            DnsServiceUrls.problem(
                "ali", "https://alidns.aliyuncs.com?access_key_id=a&access_key_secret=b+c/d="))
        .isEmpty();
    assertThat(
            DnsServiceUrls.problem(
                "huawei",
                "https://dns.cn-north-4.myhuaweicloud.com?access_key_id=a&access_key_secret=$ENV:HW_SK&project_id=p"))
        .isEmpty();
    assertThat(DnsServiceUrls.problem("tencent", "$ENV:TENCENT_DNS")).isEmpty();
    assertThat(
            DnsServiceUrls.problem(
                "rfc2136", "rfc2136://127.0.0.1:53?tsig_name=k&tsig_secret=c2VjcmV0"))
        .isEmpty();
    assertThat(DnsServiceUrls.problem("manual", null)).isEmpty();
  }

  @Test
  void problemsNameTheParameterAndNeverItsValue() {
    assertThat(DnsServiceUrls.problem("aliyun", "https://alidns.aliyuncs.com?access_key_id=a"))
        .hasValueSatisfying(p -> assertThat(p).contains("access_key_secret"));
    assertThat(
            DnsServiceUrls.problem(
                "tencent",
                "https://dnspod.tencentcloudapi.com?secret_id=a&access_key_secret=hidden"))
        .hasValueSatisfying(p -> assertThat(p).contains("secret_id").doesNotContain("hidden"));
    assertThat(DnsServiceUrls.problem("cloudflare", "api.cloudflare.com?token=t"))
        .hasValueSatisfying(p -> assertThat(p).contains("host"));
    assertThat(DnsServiceUrls.problem("cloudflare", "https://api.cloudflare.com?token=%zz"))
        .hasValueSatisfying(p -> assertThat(p).contains("not a valid URL"));
    assertThat(DnsServiceUrls.problem("rfc2136", "https://127.0.0.1?tsig_name=k&tsig_secret=a"))
        .hasValueSatisfying(p -> assertThat(p).contains("rfc2136://"));
    assertThat(DnsServiceUrls.problem("huawei", "")).isPresent();
    assertThat(DnsServiceUrls.problem("huawei", "$ENV:1abc")).isPresent();
  }
}
