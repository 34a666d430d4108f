package dev.certflow.dns.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Present a TXT value. The provider URL comes, from the ACME workers, sealed by cert-api under the
 * DNS key with the certificate's name and domains (or plain, in development).
 */
public record ChallengeRequest(
    String provider,
    @JsonProperty("dns_service_url") String dnsServiceUrl,
    @JsonProperty("sealed_dns_service_url") String sealedDnsServiceUrl,
    String certificate,
    List<String> domains,
    String name,
    String value) {

  @Override
  public String toString() {
    return "ChallengeRequest[provider=" + provider + ", name=" + name + "]";
  }
}
