package dev.certflow.agent.store;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A certificate ready to serve. A node holds one for every certificate of the fleet, so a decoded
 * bundle keeps its material compact ({@link Encoded}): the leaf and key as encoded bytes (about a
 * kilobyte), the issuers shared with every other certificate of the same CA ({@link IssuerCache});
 * the parsed leaf and key objects, several times that size, are made for each handshake that needs
 * them, which costs tens of microseconds against the handshake's own milliseconds.
 *
 * @param alias the key manager alias: name and version, unique per bundle
 * @param keyType the key algorithm as TLS key managers name it: RSA, EC, EdDSA
 */
public record ServedCertificate(
    String name,
    int version,
    List<String> domains,
    boolean isDefault,
    boolean isCa,
    String serial,
    Instant notBefore,
    Instant notAfter,
    String alias,
    String keyType,
    Material material) {

  /** The chain and key, parsed or kept encoded. */
  public interface Material {
    List<X509Certificate> chain();

    PrivateKey privateKey();
  }

  /** Parsed material: minted leaves, tests. */
  record Parsed(List<X509Certificate> chain, PrivateKey privateKey) implements Material {}

  /** The leaf's DER, the shared issuers and the PKCS#8 key, parsed on each use. */
  static final class Encoded implements Material {
    private final byte[] leafDer;
    private final List<X509Certificate> issuers;
    private final byte[] pkcs8;
    private final String keyType;

    Encoded(byte[] leafDer, List<X509Certificate> issuers, byte[] pkcs8, String keyType) {
      this.leafDer = leafDer;
      this.issuers = List.copyOf(issuers);
      this.pkcs8 = pkcs8;
      this.keyType = keyType;
    }

    @Override
    public List<X509Certificate> chain() {
      try {
        X509Certificate leaf =
            (X509Certificate)
                CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(leafDer));
        List<X509Certificate> result = new ArrayList<>(issuers.size() + 1);
        result.add(leaf);
        result.addAll(issuers);
        return result;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("a stored leaf no longer parses", e);
      }
    }

    @Override
    public PrivateKey privateKey() {
      try {
        return KeyFactory.getInstance(keyType).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("a stored key no longer parses", e);
      }
    }
  }

  public ServedCertificate {
    domains = List.copyOf(domains);
  }

  /**
   * A certificate from parsed material.
   *
   * @param fullchainPem unused; the PEM is made from the chain when written
   */
  public ServedCertificate(
      String name,
      int version,
      List<String> domains,
      boolean isDefault,
      boolean isCa,
      String serial,
      Instant notBefore,
      Instant notAfter,
      List<X509Certificate> chain,
      PrivateKey privateKey,
      String fullchainPem,
      String alias) {
    this(
        name,
        version,
        domains,
        isDefault,
        isCa,
        serial,
        notBefore,
        notAfter,
        alias,
        chain.isEmpty() ? "" : chain.get(0).getPublicKey().getAlgorithm(),
        new Parsed(List.copyOf(chain), privateKey));
  }

  /** A certificate kept encoded: the leaf's DER, the shared issuers and the PKCS#8 key. */
  static ServedCertificate encoded(
      String name,
      int version,
      List<String> domains,
      boolean isDefault,
      boolean isCa,
      String serial,
      Instant notBefore,
      Instant notAfter,
      String alias,
      X509Certificate leaf,
      List<X509Certificate> issuers,
      byte[] pkcs8) {
    String keyType = leaf.getPublicKey().getAlgorithm();
    try {
      return new ServedCertificate(
          name,
          version,
          domains,
          isDefault,
          isCa,
          serial,
          notBefore,
          notAfter,
          alias,
          keyType,
          new Encoded(leaf.getEncoded(), issuers, pkcs8, keyType));
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("the leaf does not encode: " + e.getMessage());
    }
  }

  /** The chain, leaf first. */
  public List<X509Certificate> chain() {
    return material.chain();
  }

  public PrivateKey privateKey() {
    return material.privateKey();
  }

  /** The chain as PEM, for the files on disk. */
  public String fullchainPem() {
    StringBuilder pem = new StringBuilder();
    Base64.Encoder base64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
    try {
      for (X509Certificate certificate : chain()) {
        pem.append("-----BEGIN CERTIFICATE-----\n")
            .append(base64.encodeToString(certificate.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      }
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("a stored certificate does not encode", e);
    }
    return pem.toString();
  }

  @Override
  public String toString() {
    return "ServedCertificate[" + name + " v" + version + " serial " + serial + "]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ServedCertificate s && s.alias.equals(alias);
  }

  @Override
  public int hashCode() {
    return alias.hashCode();
  }
}
