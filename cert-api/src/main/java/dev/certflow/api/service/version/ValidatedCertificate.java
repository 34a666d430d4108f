package dev.certflow.api.service.version;

import dev.certflow.api.pem.CertificateFacts;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A request that passed every rule, normalized.
 *
 * @param acmeCa the CAs to order from, comma-separated in order; null for an uploaded certificate
 * @param profile the certificate profile to ask for, or null
 * @param material the uploaded chain and key, or null when the request carries none
 * @param warnings things accepted that the user should know (for example a forced expired leaf)
 */
public record ValidatedCertificate(
    String name,
    List<String> domains,
    boolean isDefault,
    boolean isCa,
    String acmeCa,
    String profile,
    String keyType,
    boolean dnsChallenge,
    String dnsProvider,
    String dnsServiceUrl,
    Integer bufferDays,
    String remark,
    Material material,
    List<String> warnings) {

  public boolean acme() {
    return acmeCa != null;
  }

  /**
   * Uploaded certificate material.
   *
   * @param pem the chain as normalized PEM, leaf first
   * @param chain the parsed chain
   * @param privateKey the leaf's key
   * @param facts what was parsed
   */
  public record Material(
      String pem, List<X509Certificate> chain, PrivateKey privateKey, CertificateFacts facts) {

    @Override
    public String toString() {
      return "Material[serial=" + facts.serial() + "]";
    }
  }
}
