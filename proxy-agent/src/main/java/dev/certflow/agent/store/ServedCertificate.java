package dev.certflow.agent.store;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A certificate ready to serve. A node holds one for every certificate of the fleet, so a decoded
 * bundle keeps its material compact: the leaf and key as encoded bytes (about a kilobyte), the
 * issuers shared with every other certificate of the same CA ({@link IssuerCache}); the parsed leaf
 * and key objects, several times that size, are made for each handshake that needs them, which
 * costs tens of microseconds against the handshake's own milliseconds.
 *
 * @see BundleDecoder
 */
public final class ServedCertificate {

  private final String name;
  private final int version;
  private final List<String> domains;
  private final boolean isDefault;
  private final boolean isCa;
  private final String serial;
  private final Instant notBefore;
  private final Instant notAfter;
  private final String alias;
  private final String keyType;
  // Either parsed (minted leaves, tests) or encoded (every certificate from the feed).
  private final List<X509Certificate> chain;
  private final PrivateKey privateKey;
  private final byte[] leafDer;
  private final List<X509Certificate> issuers;
  private final byte[] pkcs8;

  /**
   * A certificate from parsed material.
   *
   * @param alias the key manager alias: name and version, unique per bundle
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
        List.copyOf(chain),
        privateKey,
        null,
        null,
        null);
  }

  private ServedCertificate(
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
      List<X509Certificate> chain,
      PrivateKey privateKey,
      byte[] leafDer,
      List<X509Certificate> issuers,
      byte[] pkcs8) {
    this.name = name;
    this.version = version;
    this.domains = List.copyOf(domains);
    this.isDefault = isDefault;
    this.isCa = isCa;
    this.serial = serial;
    this.notBefore = notBefore;
    this.notAfter = notAfter;
    this.alias = alias;
    this.keyType = keyType;
    this.chain = chain;
    this.privateKey = privateKey;
    this.leafDer = leafDer;
    this.issuers = issuers;
    this.pkcs8 = pkcs8;
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
          leaf.getPublicKey().getAlgorithm(),
          null,
          null,
          leaf.getEncoded(),
          List.copyOf(issuers),
          pkcs8);
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalArgumentException("the leaf does not encode: " + e.getMessage());
    }
  }

  public String name() {
    return name;
  }

  public int version() {
    return version;
  }

  public List<String> domains() {
    return domains;
  }

  public boolean isDefault() {
    return isDefault;
  }

  public boolean isCa() {
    return isCa;
  }

  public String serial() {
    return serial;
  }

  public Instant notBefore() {
    return notBefore;
  }

  public Instant notAfter() {
    return notAfter;
  }

  public String alias() {
    return alias;
  }

  /** The key algorithm as TLS key managers name it: RSA, EC, EdDSA. */
  public String keyType() {
    return keyType;
  }

  /** The chain, leaf first. */
  public List<X509Certificate> chain() {
    if (chain != null) {
      return chain;
    }
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

  public PrivateKey privateKey() {
    if (privateKey != null || pkcs8 == null) {
      return privateKey;
    }
    try {
      return KeyFactory.getInstance(keyType).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a stored key no longer parses", e);
    }
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
    } catch (java.security.cert.CertificateEncodingException e) {
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
