package dev.certflow.agent.store;

import dev.certflow.events.CertificateBundle;
import dev.certflow.security.KeySealer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.List;

/** Turns a bundle from Kafka into a servable certificate, opening its sealed key. */
public final class BundleDecoder {

  private final KeySealer agentKey;
  private final IssuerCache issuers = new IssuerCache();

  public BundleDecoder(KeySealer agentKey) {
    this.agentKey = agentKey;
  }

  /**
   * Decodes a bundle.
   *
   * @throws IllegalArgumentException when the chain does not parse or the key does not open
   */
  public ServedCertificate decode(CertificateBundle bundle) {
    if (bundle.fullchain() == null || bundle.sealedKey() == null) {
      throw new IllegalArgumentException("bundle lacks its chain or its key");
    }
    List<X509Certificate> chain;
    try {
      chain =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(bundle.fullchain().getBytes(StandardCharsets.US_ASCII)))
              .stream()
              .map(X509Certificate.class::cast)
              .toList();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("chain does not parse: " + e.getMessage());
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("bundle holds no certificate");
    }
    byte[] pkcs8;
    try {
      pkcs8 = agentKey.open(bundle.sealedKey(), CertificateBundle.keyAad(bundle.name()));
    } catch (KeySealer.SealException e) {
      throw new IllegalArgumentException(
          "private key does not open (is CERTFLOW_AGENT_KEY the same as cert-api's?)");
    }
    try {
      // Parsed once here so that a key that does not parse is refused now, not at a handshake.
      KeyFactory.getInstance(chain.get(0).getPublicKey().getAlgorithm())
          .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      Arrays.fill(pkcs8, (byte) 0);
      throw new IllegalArgumentException("private key does not parse");
    }
    return ServedCertificate.encoded(
        bundle.name(),
        bundle.version(),
        bundle.domains(),
        bundle.isDefault(),
        bundle.isCa(),
        bundle.serial(),
        bundle.notBefore(),
        bundle.notAfter(),
        aliasOf(bundle),
        chain.get(0),
        chain.subList(1, chain.size()).stream().map(issuers::intern).toList(),
        pkcs8);
  }

  /** The key manager alias of a bundle: unique per name, version and serial. */
  public static String aliasOf(CertificateBundle bundle) {
    return bundle.name() + "#" + bundle.version() + "#" + bundle.serial();
  }
}
