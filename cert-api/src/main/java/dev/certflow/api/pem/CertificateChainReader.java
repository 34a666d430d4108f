package dev.certflow.api.pem;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** Reads a PEM bundle holding the leaf first, then its chain, and checks the chain's order. */
public final class CertificateChainReader {

  /** Longer chains are refused: real ones have two or three certificates. */
  public static final int MAX_CHAIN = 10;

  private CertificateChainReader() {}

  public static List<X509Certificate> read(String text) throws PemException {
    String pem = PemText.normalize(text);
    List<X509Certificate> chain = new ArrayList<>();
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
    try (PemReader reader = new PemReader(new StringReader(pem))) {
      PemObject object;
      while ((object = reader.readPemObject()) != null) {
        if (!"CERTIFICATE".equals(object.getType())) {
          throw new PemException(
              "holds a " + object.getType() + " block; only CERTIFICATE blocks belong here");
        }
        if (chain.size() == MAX_CHAIN) {
          throw new PemException("holds more than " + MAX_CHAIN + " certificates");
        }
        try {
          chain.add(
              (X509Certificate)
                  factory.generateCertificate(new ByteArrayInputStream(object.getContent())));
        } catch (CertificateException e) {
          throw new PemException("certificate " + (chain.size() + 1) + " does not parse");
        }
      }
    } catch (IOException e) {
      throw new PemException("is malformed PEM: " + e.getMessage());
    } catch (IllegalStateException | IllegalArgumentException e) {
      // BouncyCastle's DecoderException: the text between BEGIN and END is not base64.
      throw new PemException("is malformed PEM: a block's content is not base64");
    }
    if (chain.isEmpty()) {
      throw new PemException("holds no certificate");
    }
    checkOrder(chain);
    return List.copyOf(chain);
  }

  private static void checkOrder(List<X509Certificate> chain) throws PemException {
    for (int i = 0; i + 1 < chain.size(); i++) {
      X509Certificate child = chain.get(i);
      X509Certificate parent = chain.get(i + 1);
      if (!child.getIssuerX500Principal().equals(parent.getSubjectX500Principal())) {
        throw new PemException(
            "is out of order: certificate "
                + (i + 1)
                + " is issued by '"
                + child.getIssuerX500Principal().getName()
                + "', but certificate "
                + (i + 2)
                + " is '"
                + parent.getSubjectX500Principal().getName()
                + "' (give the leaf first, then each issuer)");
      }
      try {
        // BouncyCastle verifies ECDSA about three times faster than the JDK: this runs per upload.
        child.verify(parent.getPublicKey(), KeyPairCheck.BC);
      } catch (GeneralSecurityException e) {
        throw new PemException(
            "is out of order: certificate " + (i + 1) + " is not signed by certificate " + (i + 2));
      }
    }
  }
}
