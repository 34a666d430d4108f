package dev.certflow.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The current bundle of one certificate, as every proxy agent receives it.
 *
 * @param name the certificate's unique name (also the Kafka key)
 * @param version the certificate's version number, counting from 1 on each certificate
 * @param domains host names and one-level wildcards the certificate is served for
 * @param isDefault served when no name matches the client's SNI
 * @param isCa a CA certificate: agents mint leaves under it for matching names
 * @param fullchain PEM: the leaf first, then its chain
 * @param sealedKey the private key (PKCS#8 DER) sealed (AES-256-GCM, see the security module) under
 *     the agent key
 * @param serial the leaf's serial number in hex
 * @param notBefore start of the leaf's validity
 * @param notAfter end of the leaf's validity
 */
public record CertificateBundle(
    String name,
    int version,
    List<String> domains,
    @JsonProperty("is_default") boolean isDefault,
    @JsonProperty("is_ca") boolean isCa,
    String fullchain,
    @JsonProperty("sealed_key") String sealedKey,
    String serial,
    @JsonProperty("not_before") Instant notBefore,
    @JsonProperty("not_after") Instant notAfter) {

  public CertificateBundle {
    domains = List.copyOf(domains);
  }

  /**
   * The additional authenticated data a bundle's key is sealed with: binds the sealed key to the
   * certificate name, so a sealed key cannot be replayed under another certificate.
   */
  public static byte[] keyAad(String certificateName) {
    return ("certflow-agent-key:" + certificateName).getBytes(StandardCharsets.UTF_8);
  }
}
