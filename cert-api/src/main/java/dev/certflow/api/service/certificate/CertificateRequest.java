package dev.certflow.api.service.certificate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/**
 * The JSON body of POST and PUT on certificates. Every field is optional here; {@link
 * dev.certflow.api.service.certificate.CertificateValidator} decides what each case needs.
 */
public record CertificateRequest(
    String name,
    @JsonDeserialize(using = DomainsDeserializer.class) List<String> domains,
    @JsonProperty("is_default") Boolean isDefault,
    @JsonProperty("is_ca") Boolean isCa,
    @JsonProperty("tls_cert") String tlsCert,
    @JsonProperty("tls_key") String tlsKey,
    /**
     * true (the default CA), false, a configured CA name, an ACME directory URL, or a list of CAs
     * tried in order.
     */
    JsonNode acme,
    @JsonProperty("key_type") String keyType,
    @JsonProperty("dns_challenge") Boolean dnsChallenge,
    @JsonProperty("dns_provider") String dnsProvider,
    @JsonProperty("dns_service_url") String dnsServiceUrl,
    @JsonProperty("buffer_days") Integer bufferDays,
    String remark,
    Boolean force,
    /** The certificate profile to ask the CA for; "" for the CA's default. */
    String profile) {

  /** Redacted: the record holds a private key and credentials. */
  @Override
  public String toString() {
    return "CertificateRequest[name=" + name + ", domains=" + domains + "]";
  }
}
