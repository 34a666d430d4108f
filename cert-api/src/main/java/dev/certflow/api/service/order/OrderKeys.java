package dev.certflow.api.service.order;

import dev.certflow.api.service.certificate.CertificateValidator;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Makes the key and the CSR of an ACME order; the key never leaves cert-api unsealed. */
public final class OrderKeys {

  private OrderKeys() {}

  /** A fresh key of the given type (see {@link CertificateValidator#KEY_TYPES}). */
  public static KeyPair generate(String keyType) {
    try {
      return switch (keyType) {
        case "ec-p256" -> ec("secp256r1");
        case "ec-p384" -> ec("secp384r1");
        case "rsa-2048" -> rsa(2048);
        case "rsa-3072" -> rsa(3072);
        case "rsa-4096" -> rsa(4096);
        default -> throw new IllegalArgumentException("unknown key type " + keyType);
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A PKCS#10 request (DER) for the domains: the first as CN when short enough, all as SANs. */
  public static byte[] csr(KeyPair key, List<String> domains) {
    try {
      String first = domains.get(0);
      X500Name subject =
          first.length() <= 64 ? new X500Name("CN=" + first) : new X500Name(new RDN[0]);
      List<GeneralName> names = new ArrayList<>();
      domains.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      extensions.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(names.toArray(GeneralName[]::new)));
      String algorithm =
          "RSA".equals(key.getPrivate().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
      return new JcaPKCS10CertificationRequestBuilder(subject, key.getPublic())
          .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
          .build(new JcaContentSignerBuilder(algorithm).build(key.getPrivate()))
          .getEncoded();
    } catch (IOException | OperatorCreationException e) {
      throw new IllegalStateException("building the CSR failed", e);
    }
  }

  private static KeyPair ec(String curve) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(curve));
    return generator.generateKeyPair();
  }

  private static KeyPair rsa(int bits) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(bits);
    return generator.generateKeyPair();
  }
}
