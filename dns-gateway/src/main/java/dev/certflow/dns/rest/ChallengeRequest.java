package dev.certflow.dns.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Present a TXT value. The provider URL comes plain (it may be {@code $ENV:NAME}) or, from the ACME
 * workers, sealed by cert-api under the DNS key with the certificate's name.
 */
public record ChallengeRequest(
    String provider,
    @JsonProperty("dns_service_url") String dnsServiceUrl,
    @JsonProperty("sealed_dns_service_url") String sealedDnsServiceUrl,
    String certificate,
    String name,
    String value) {

  @Override
  public String toString() {
    return "ChallengeRequest[provider=" + provider + ", name=" + name + "]";
  }
}
