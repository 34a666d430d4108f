package dev.certflow.api.pem;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.jce.interfaces.ECPrivateKey;
import org.bouncycastle.jce.interfaces.ECPublicKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Whether a private key belongs to a public key. RSA keys compare their modulus and exponent; EC
 * keys derive the public point from the private scalar (one fixed-base multiplication, about a
 * tenth of a millisecond, where signing and verifying a probe cost two milliseconds on every
 * upload); other key types sign and verify a probe.
 */
public final class KeyPairCheck {

  /** BouncyCastle, for its fast fixed-base and signature arithmetic; not registered globally. */
  public static final Provider BC = new BouncyCastleProvider();

  private static final byte[] PROBE = "certflow key match probe".getBytes(StandardCharsets.UTF_8);

  private KeyPairCheck() {}

  public static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
    if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    try {
      return switch (privateKey.getAlgorithm()) {
        case "RSA" -> rsaMatches(privateKey, publicKey);
        case "EC" -> ecMatches(privateKey, publicKey);
        default -> probeMatches(privateKey, publicKey, privateKey.getAlgorithm());
      };
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean rsaMatches(PrivateKey privateKey, PublicKey publicKey)
      throws GeneralSecurityException {
    if (!(privateKey instanceof RSAPrivateKey rsa) || !(publicKey instanceof RSAPublicKey pub)) {
      return probeMatches(privateKey, publicKey, "SHA256withRSA");
    }
    if (!rsa.getModulus().equals(pub.getModulus())) {
      return false;
    }
    if (rsa instanceof RSAPrivateCrtKey crt) {
      return crt.getPublicExponent().equals(pub.getPublicExponent());
    }
    // Without the public exponent in the key: e·d ≡ 1 (mod λ(n)) cannot be checked, so probe.
    return probeMatches(privateKey, publicKey, "SHA256withRSA");
  }

  private static boolean ecMatches(PrivateKey privateKey, PublicKey publicKey)
      throws GeneralSecurityException {
    KeyFactory factory = KeyFactory.getInstance("EC", BC);
    ECPrivateKey ecPrivate = (ECPrivateKey) factory.translateKey(privateKey);
    ECPublicKey ecPublic = (ECPublicKey) factory.translateKey(publicKey);
    if (!ecPrivate.getParameters().getCurve().equals(ecPublic.getParameters().getCurve())) {
      return false;
    }
    BigInteger d = ecPrivate.getD();
    ECPoint derived =
        new FixedPointCombMultiplier().multiply(ecPrivate.getParameters().getG(), d).normalize();
    return derived.equals(ecPublic.getQ().normalize());
  }

  private static boolean probeMatches(PrivateKey privateKey, PublicKey publicKey, String algorithm)
      throws GeneralSecurityException {
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(privateKey);
    signer.update(PROBE);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(publicKey);
    verifier.update(PROBE);
    return verifier.verify(signature);
  }
}
