package dev.certflow.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Ed25519 signatures over a Kafka record as cert-api publishes it: the topic, the key, a sequence
 * that only grows (the outbox row's id) and the whole value, a tombstone included. Consumers verify
 * with the public key alone, so write access to Kafka is not enough to make a node serve a
 * certificate, replay an old one under a new sequence, or delete one.
 */
public final class RecordSignature {

  /** Record header holding the sequence, in decimal. */
  public static final String SEQUENCE_HEADER = "certflow-seq";

  /** Record header holding the signature, base64. */
  public static final String SIGNATURE_HEADER = "certflow-sig";

  private RecordSignature() {}

  /** A new key pair, base64 PKCS#8 and X.509 encodings (what the settings hold). */
  public static String[] generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      return new String[] {
        Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
        Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK always has Ed25519", e);
    }
  }

  /**
   * Verifiers for a setting of public keys: one, or {@code NEW,OLD} while a key is rolled over (any
   * of them may have signed); none for an empty setting.
   */
  public static List<Verifier> verifiers(String commaSeparated) {
    return Arrays.stream(commaSeparated == null ? new String[0] : commaSeparated.split(",", -1))
        .map(String::strip)
        .filter(k -> !k.isEmpty())
        .map(Verifier::new)
        .toList();
  }

  /** Whether any of the verifiers accepts the signature. */
  public static boolean anyVerifies(
      List<Verifier> verifiers,
      String topic,
      String key,
      long sequence,
      String value,
      String signed) {
    return verifiers.stream().anyMatch(v -> v.verify(topic, key, sequence, value, signed));
  }

  /** Signs records with a base64 PKCS#8 Ed25519 private key. */
  public static final class Signer {
    private final PrivateKey key;

    public Signer(String base64Pkcs8) {
      try {
        this.key =
            KeyFactory.getInstance("Ed25519")
                .generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64Pkcs8.strip())));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        throw new IllegalArgumentException("not a base64 PKCS#8 Ed25519 private key");
      }
    }

    public String sign(String topic, String key, long sequence, String value) {
      try {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(this.key);
        signature.update(message(topic, key, sequence, value));
        return Base64.getEncoder().encodeToString(signature.sign());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("signing with Ed25519 failed", e);
      }
    }
  }

  /** Verifies records with a base64 X.509 Ed25519 public key. */
  public static final class Verifier {
    private final PublicKey key;

    public Verifier(String base64X509) {
      try {
        this.key =
            KeyFactory.getInstance("Ed25519")
                .generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(base64X509.strip())));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        throw new IllegalArgumentException("not a base64 X.509 Ed25519 public key");
      }
    }

    /** Whether the signature (base64, may be null) is cert-api's over exactly this record. */
    public boolean verify(String topic, String key, long sequence, String value, String signed) {
      if (signed == null) {
        return false;
      }
      try {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initVerify(this.key);
        signature.update(message(topic, key, sequence, value));
        return signature.verify(Base64.getDecoder().decode(signed));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        return false;
      }
    }
  }

  private static byte[] message(String topic, String key, long sequence, String value) {
    // Length-prefixed fields: no choice of key and value can make two records sign alike.
    StringBuilder text = new StringBuilder("certflow-record-v1");
    for (String field :
        new String[] {topic, key, Long.toString(sequence), value == null ? null : value}) {
      text.append('\n')
          .append(field == null ? -1 : field.length())
          .append(':')
          .append(field == null ? "" : field);
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
