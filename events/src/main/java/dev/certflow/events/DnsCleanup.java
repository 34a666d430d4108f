package dev.certflow.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TXT record a worker asked dns-gateway for and owes a removal. It is written before the record
 * is asked for, so even a gateway that dies between creating it and answering leaves it listed:
 * presenting the same value again is harmless and answers with the id that removes it.
 *
 * @param certificate the certificate the order was for
 * @param domains the order's domains, which the sealed URL is bound to
 * @param name the record's name, absolute
 * @param value the TXT value
 * @param provider the certificate's {@code dns_provider}
 * @param sealedDnsServiceUrl its {@code dns_service_url}, sealed for dns-gateway as in the order
 * @param id dns-gateway's challenge id once it answered, else null
 * @param createdAt when the record was asked for
 */
public record DnsCleanup(
    String certificate,
    List<String> domains,
    String name,
    String value,
    String provider,
    @JsonProperty("sealed_dns_service_url") String sealedDnsServiceUrl,
    String id,
    @JsonProperty("created_at") Instant createdAt) {

  /** The same record, now known by the gateway's id. */
  public DnsCleanup withId(String id) {
    return new DnsCleanup(
        certificate, domains, name, value, provider, sealedDnsServiceUrl, id, createdAt);
  }

  /** The body of dns-gateway's {@code POST /api/v1/challenges} that creates this record. */
  public Map<String, Object> presentRequest() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("provider", provider);
    body.put("sealed_dns_service_url", sealedDnsServiceUrl);
    body.put("certificate", certificate);
    body.put("domains", domains);
    body.put("name", name);
    body.put("value", value);
    return body;
  }
}
