package dev.certflow.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Makes real certificates and keys for tests: CAs, intermediates and leaves with SANs. */
public final class TestPki {

  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xffffffffffL);
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestPki() {}

  /** A certificate with the key pair it certifies. */
  public record Issued(X509Certificate certificate, KeyPair keyPair) {

    public String serialHex() {
      return certificate.getSerialNumber().toString(16);
    }

    public String certPem() {
      return pem(certificate);
    }

    /** The private key as PKCS#8 ({@code BEGIN PRIVATE KEY}). */
    public String pkcs8Pem() {
      return "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'})
              .encodeToString(keyPair.getPrivate().getEncoded())
          + "\n-----END PRIVATE KEY-----\n";
    }

    /** The private key as PKCS#1 RSA or SEC1 EC ({@code BEGIN RSA/EC PRIVATE KEY}). */
    public String traditionalPem() {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(keyPair.getPrivate().getEncoded());
      try {
        if (keyPair.getPrivate() instanceof ECPrivateKey ec) {
          // SEC1 as openssl writes it: the curve inside, the public key omitted.
          byte[] der =
              new org.bouncycastle.asn1.sec.ECPrivateKey(
                      ec.getParams().getOrder().bitLength(),
                      ec.getS(),
                      info.getPrivateKeyAlgorithm().getParameters())
                  .getEncoded();
          return block("EC PRIVATE KEY", der);
        }
        return block("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  public static KeyPair ecKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair rsaKey(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Issued rootCa(String commonName) {
    KeyPair key = ecKey();
    return new Issued(
        build(
            commonName,
            commonName,
            key.getPublic(),
            key,
            Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(3650)),
            true),
        key);
  }

  public static Issued intermediateCa(Issued parent, String commonName) {
    KeyPair key = ecKey();
    return new Issued(
        build(
            commonName,
            cn(parent),
            key.getPublic(),
            parent.keyPair(),
            Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(1825)),
            true),
        key);
  }

  /** A leaf valid from yesterday for {@code days} days, with the given DNS names. */
  public static Issued leaf(Issued issuer, int days, String... dnsNames) {
    return leaf(
        issuer,
        ecKey(),
        Instant.now().minus(Duration.ofDays(1)),
        Instant.now().plus(Duration.ofDays(days)),
        dnsNames);
  }

  public static Issued leaf(
      Issued issuer, KeyPair key, Instant notBefore, Instant notAfter, String... dnsNames) {
    return new Issued(
        build(
            dnsNames.length > 0 ? dnsNames[0] : "leaf",
            cn(issuer),
            key.getPublic(),
            issuer.keyPair(),
            notBefore,
            notAfter,
            false,
            dnsNames),
        key);
  }

  private static String block(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** A leaf certifying a given public key, as a CA does for a CSR. */
  public static X509Certificate leafFor(
      Issued issuer, PublicKey key, Instant notBefore, Instant notAfter, String... dnsNames) {
    return build(
        dnsNames[0], cn(issuer), key, issuer.keyPair(), notBefore, notAfter, false, dnsNames);
  }

  /** PEM of the given certificates, in order. */
  public static String pem(X509Certificate... chain) {
    StringBuilder out = new StringBuilder();
    for (X509Certificate certificate : chain) {
      out.append(write(certificate));
    }
    return out.toString();
  }

  private static String cn(Issued issued) {
    return issued.certificate().getSubjectX500Principal().getName().replaceFirst("^CN=", "");
  }

  private static String write(Object object) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return text.toString();
  }

  private static X509Certificate build(
      String subject,
      String issuer,
      PublicKey subjectKey,
      KeyPair issuerKey,
      Instant notBefore,
      Instant notAfter,
      boolean ca,
      String... dnsNames) {
    try {
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              new X500Name("CN=" + issuer),
              BigInteger.valueOf(SERIAL.incrementAndGet())
                  .shiftLeft(16)
                  .add(BigInteger.valueOf(RANDOM.nextInt(65536))),
              Date.from(notBefore),
              Date.from(notAfter),
              new X500Name("CN=" + subject),
              subjectKey);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      // As every public CA writes it; RFC 9773 names a certificate by it and its serial.
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          new org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils()
              .createAuthorityKeyIdentifier(issuerKey.getPublic()));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(
              ca
                  ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                  : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      if (dnsNames.length > 0) {
        GeneralName[] names = new GeneralName[dnsNames.length];
        for (int i = 0; i < dnsNames.length; i++) {
          // An IP address literal becomes an IP SAN (servers reached by address, such as Pebble).
          names[i] =
              dnsNames[i].matches("[0-9.]+|.*:.*")
                  ? new GeneralName(GeneralName.iPAddress, dnsNames[i])
                  : new GeneralName(GeneralName.dNSName, dnsNames[i]);
        }
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      }
      String algorithm =
          issuerKey.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(issuerKey.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }
}
