package dev.certflow.security;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The DNS providers of DNS-01, the one list of them: each with its name and aliases in {@code
 * dns_provider}, the parameters its {@code dns_service_url} takes and its example. cert-api checks
 * URLs against it and offers the names to the UI; dns-gateway's exhaustive switch does not compile
 * until a provider added here has its client.
 */
// The lists are List.of(...): unmodifiable, which the checker cannot see through the List type.
@SuppressWarnings("ImmutableEnumChecker")
public enum DnsProviderType {
  CLOUDFLARE(List.of("cf"), List.of("token"), List.of(), "https://api.cloudflare.com?token=…"),
  ALIYUN(
      List.of("ali"),
      List.of("access_key_id", "access_key_secret"),
      List.of(),
      "https://alidns.aliyuncs.com?access_key_id=…&access_key_secret=…"),
  HUAWEI(
      List.of(),
      List.of("access_key_id", "access_key_secret"),
      List.of("project_id"),
      "https://dns.{region}.myhuaweicloud.com?access_key_id=…&access_key_secret=…"),
  TENCENT(
      List.of(),
      List.of("access_key_id", "access_key_secret"),
      List.of(),
      "https://dnspod.tencentcloudapi.com?access_key_id=…&access_key_secret=…"),
  /** A name server that takes TSIG-signed dynamic updates; the URL's scheme is rfc2136. */
  RFC2136(
      List.of(),
      List.of("tsig_name", "tsig_secret"),
      List.of("tsig_algorithm"),
      "rfc2136://host:port?tsig_name=…&tsig_secret=…&tsig_algorithm=hmac-sha256"),
  /** An operator sets the TXT record by hand; no URL. */
  MANUAL(List.of(), List.of(), List.of(), "");

  private final List<String> aliases;
  private final List<String> required;
  private final List<String> optional;
  private final String example;

  DnsProviderType(
      List<String> aliases, List<String> required, List<String> optional, String example) {
    this.aliases = aliases;
    this.required = required;
    this.optional = optional;
    this.example = example;
  }

  /** The name used in {@code dns_provider}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The provider a name or alias stands for. */
  public static Optional<DnsProviderType> of(String name) {
    return Arrays.stream(values())
        .filter(p -> p.id().equals(name) || p.aliases.contains(name))
        .findFirst();
  }

  /** Every accepted name, aliases included. */
  public static List<String> names() {
    return Arrays.stream(values())
        .flatMap(p -> Stream.concat(Stream.of(p.id()), p.aliases.stream()))
        .toList();
  }

  List<String> required() {
    return required;
  }

  List<String> optional() {
    return optional;
  }

  /** The URL form, as the README and error messages show it. */
  public String example() {
    return example;
  }
}
