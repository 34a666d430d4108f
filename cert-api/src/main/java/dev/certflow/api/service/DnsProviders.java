package dev.certflow.api.service;

import java.util.Set;

/** The DNS provider names dns-gateway knows, aliases included. */
public final class DnsProviders {

  public static final Set<String> KNOWN =
      Set.of("cloudflare", "cf", "aliyun", "ali", "huawei", "tencent", "rfc2136", "manual");

  private DnsProviders() {}
}
