package dev.certflow.security;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM sealing of secrets: private keys at rest (master key) and in transit to agents (agent
 * key). The sealed form is base64 of {@code 0x01 || 12-byte nonce || ciphertext+tag}.
 *
 * <p>A key setting may list several keys, comma-separated: the first seals, every one opens. That
 * is how a key is rotated without a moment where some value cannot be read: put the new key first
 * and keep the old one second until everything sealed under it has been sealed again.
 */
public final class KeySealer {

  private static final byte FORMAT = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final List<SecretKey> keys;

  private KeySealer(List<SecretKey> keys) {
    this.keys = List.copyOf(keys);
  }

  /**
   * A sealer for a base64-encoded 256-bit key, or for several comma-separated ones (the first
   * seals, each opens).
   *
   * @throws IllegalArgumentException when an entry is not base64 of exactly 32 bytes
   */
  public static KeySealer fromBase64(String base64Keys) {
    List<SecretKey> keys = new ArrayList<>();
    String[] entries = base64Keys.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String where = entries.length == 1 ? "key" : "key " + (i + 1) + " of " + entries.length;
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(entries[i].trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + " is not base64", e);
      }
      if (raw.length != 32) {
        throw new IllegalArgumentException(
            where + " must be 32 bytes (256 bits) in base64, got " + raw.length + " bytes");
      }
      keys.add(new SecretKeySpec(raw, "AES"));
    }
    return new KeySealer(keys);
  }

  /** Whether older keys are configured beside the one that seals (a rotation is under way). */
  public boolean rotating() {
    return keys.size() > 1;
  }

  /** Whether the value opens under the sealing key itself, so it needs no sealing again. */
  public boolean sealedUnderCurrentKey(String sealed, byte[] aad) {
    try {
      openWith(keys.get(0), decode(sealed), aad);
      return true;
    } catch (SealException e) {
      return false;
    }
  }

  /** A fresh random 256-bit key in base64, for set-up scripts and tests. */
  public static String generateKey() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }

  /** Seals the plaintext, binding it to {@code aad}. */
  public String seal(byte[] plaintext, byte[] aad) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(0), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad);
      byte[] sealed = cipher.doFinal(plaintext);
      ByteBuffer out = ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length);
      out.put(FORMAT).put(nonce).put(sealed);
      return Base64.getEncoder().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /**
   * Opens a sealed value.
   *
   * @throws SealException when the value was not sealed under this key with this {@code aad}, or
   *     was altered
   */
  public byte[] open(String sealed, byte[] aad) {
    byte[] raw = decode(sealed);
    SealException last = null;
    for (SecretKey key : keys) {
      try {
        return openWith(key, raw, aad);
      } catch (SealException e) {
        last = e;
      }
    }
    throw last;
  }

  private static byte[] decode(String sealed) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(sealed);
    } catch (IllegalArgumentException e) {
      throw new SealException("sealed value is not base64");
    }
    if (raw.length < 1 + NONCE_BYTES + TAG_BITS / 8 || raw[0] != FORMAT) {
      throw new SealException("sealed value has an unknown format");
    }
    return raw;
  }

  private static byte[] openWith(SecretKey key, byte[] raw, byte[] aad) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 1, NONCE_BYTES));
      cipher.updateAAD(aad);
      return cipher.doFinal(raw, 1 + NONCE_BYTES, raw.length - 1 - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new SealException("sealed value does not open under this key");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /** A sealed value that cannot be opened. The message never contains key material. */
  public static final class SealException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SealException(String message) {
      super(message);
    }
  }
}
