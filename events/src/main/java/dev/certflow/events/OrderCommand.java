package dev.certflow.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * An issue or renew command for the ACME workers. Carries a CSR, never a private key.
 *
 * @param orderId unique per order; a result names it, and a repeated result changes nothing
 * @param certificate the certificate's name (also the Kafka key)
 * @param domains the names to order, punycode
 * @param ca a configured CA name (such as {@code lets_encrypt}) or an ACME directory URL
 * @param csr the PKCS#10 request in base64 DER
 * @param challenge {@code http-01} or {@code dns-01}
 * @param dnsProvider the DNS provider for dns-01, else null
 * @param sealedDnsServiceUrl the provider URL sealed for dns-gateway only, else null
 * @param renewal whether a version exists already (the result then counts as a renewal)
 * @param profile the certificate profile to ask for when the CA lists it, else null
 * @param replaces the RFC 9773 certificate identifier of the version this order replaces, when the
 *     same CA issued it; else null
 */
public record OrderCommand(
    @JsonProperty("order_id") String orderId,
    String certificate,
    List<String> domains,
    String ca,
    String csr,
    String challenge,
    @JsonProperty("dns_provider") String dnsProvider,
    @JsonProperty("sealed_dns_service_url") String sealedDnsServiceUrl,
    boolean renewal,
    String profile,
    String replaces) {

  public static final String HTTP_01 = "http-01";
  public static final String DNS_01 = "dns-01";

  public OrderCommand {
    domains = List.copyOf(domains);
  }

  /**
   * The associated data a DNS service URL is sealed with for dns-gateway: the certificate and its
   * domains, so the seal is good only for TXT records of those names (a sealed URL copied into an
   * order of one's own for other names does not open).
   */
  public static byte[] dnsUrlAad(String certificate, List<String> domains) {
    List<String> names = domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).sorted().toList();
    return ("certflow-dns-service-url:" + certificate + ":" + String.join(",", names))
        .getBytes(StandardCharsets.UTF_8);
  }
}
