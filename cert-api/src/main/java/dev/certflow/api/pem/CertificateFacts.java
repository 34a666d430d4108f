package dev.certflow.api.pem;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * What the API shows of a parsed certificate chain.
 *
 * @param subject the leaf's subject DN
 * @param issuer the leaf's issuer DN
 * @param serial the leaf's serial, lower-case hex
 * @param sans DNS subject alternative names, lower-case
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param keyType RSA, EC or the algorithm name
 * @param keySize bits
 * @param chainLength certificates in the bundle, leaf included
 * @param fingerprintSha256 of the leaf's DER, lower-case hex
 * @param ca whether the leaf may sign certificates
 */
public record CertificateFacts(
    String subject,
    String issuer,
    String serial,
    List<String> sans,
    Instant notBefore,
    Instant notAfter,
    String keyType,
    int keySize,
    int chainLength,
    String fingerprintSha256,
    boolean ca) {

  private static final int SAN_DNS = 2;

  public static CertificateFacts of(List<X509Certificate> chain) {
    X509Certificate leaf = chain.get(0);
    PublicKey key = leaf.getPublicKey();
    return new CertificateFacts(
        leaf.getSubjectX500Principal().getName(),
        leaf.getIssuerX500Principal().getName(),
        leaf.getSerialNumber().toString(16),
        dnsNames(leaf),
        leaf.getNotBefore().toInstant(),
        leaf.getNotAfter().toInstant(),
        keyType(key),
        keySize(key),
        chain.size(),
        fingerprint(leaf),
        leaf.getBasicConstraints() >= 0);
  }

  private static List<String> dnsNames(X509Certificate leaf) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> entry : alternatives) {
          if (entry.size() == 2 && Integer.valueOf(SAN_DNS).equals(entry.get(0))) {
            names.add(entry.get(1).toString().toLowerCase(Locale.ROOT));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // an unreadable SAN extension leaves the list empty; domain coverage then fails clearly
    }
    return List.copyOf(names);
  }

  private static String keyType(PublicKey key) {
    return switch (key.getAlgorithm()) {
      case "RSA" -> "RSA";
      case "EC" -> "EC";
      default -> key.getAlgorithm();
    };
  }

  private static int keySize(PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      return rsa.getModulus().bitLength();
    }
    if (key instanceof ECPublicKey ec) {
      return ec.getParams().getCurve().getField().getFieldSize();
    }
    return 256;
  }

  private static String fingerprint(X509Certificate leaf) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
