package dev.certflow.api.pem;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/** Reads one unencrypted private key: PKCS#8, PKCS#1 RSA or SEC1 EC. */
public final class PrivateKeyReader {

  private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

  private PrivateKeyReader() {}

  public static PrivateKey read(String text) throws PemException {
    String pem = PemText.normalize(text);
    Object object;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      object = parser.readObject();
      if (object != null && parser.readObject() != null) {
        throw new PemException("holds more than one PEM block; give exactly one private key");
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw new PemException("is not a readable private key");
    }
    if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
      throw new PemException("is encrypted; give the key without a passphrase");
    }
    // BouncyCastle's provider reads SEC1 keys whose algorithm identifier lacks the curve; the
    // result is then re-read by the JDK, so the rest of certflow deals with JDK keys only.
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BOUNCY_CASTLE);
    try {
      PrivateKeyInfo info = null;
      if (object instanceof PrivateKeyInfo pkcs8) {
        info = pkcs8;
      } else if (object instanceof PEMKeyPair pair) {
        // Only the private part: SEC1 keys may omit the optional public key.
        info = pair.getPrivateKeyInfo();
      }
      if (info != null) {
        PrivateKey key = converter.getPrivateKey(info);
        String algorithm = "ECDSA".equals(key.getAlgorithm()) ? "EC" : key.getAlgorithm();
        return KeyFactory.getInstance(algorithm)
            .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new PemException("is not a readable private key");
    }
    throw new PemException("holds no private key (expected PRIVATE KEY, RSA or EC PRIVATE KEY)");
  }
}
