package dev.certflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeySealerTest {

  private final KeySealer sealer = KeySealer.fromBase64(KeySealer.generateKey());
  private final byte[] secret = "private key bytes".getBytes(StandardCharsets.UTF_8);
  private final byte[] aad = "certificate:shop".getBytes(StandardCharsets.UTF_8);

  @Test
  void sealsAndOpens() {
    String sealed = sealer.seal(secret, aad);

    assertThat(sealed).doesNotContain("private");
    assertThat(sealer.open(sealed, aad)).isEqualTo(secret);
  }

  @Test
  void sealingTwiceGivesDifferentCiphertexts() {
    assertThat(sealer.seal(secret, aad)).isNotEqualTo(sealer.seal(secret, aad));
  }

  @Test
  void refusesOtherKeyOtherAadAndTampering() {
    String sealed = sealer.seal(secret, aad);
    KeySealer other = KeySealer.fromBase64(KeySealer.generateKey());

    assertThatThrownBy(() -> other.open(sealed, aad)).isInstanceOf(KeySealer.SealException.class);
    assertThatThrownBy(
            () -> sealer.open(sealed, "certificate:other".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(KeySealer.SealException.class);
    byte[] raw = Base64.getDecoder().decode(sealed);
    raw[raw.length - 1] ^= 1;
    String tampered = Base64.getEncoder().encodeToString(raw);
    assertThatThrownBy(() -> sealer.open(tampered, aad))
        .isInstanceOf(KeySealer.SealException.class);
    assertThatThrownBy(() -> sealer.open("not base64!", aad))
        .isInstanceOf(KeySealer.SealException.class);
  }

  @Test
  void refusesKeysOfWrongLength() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> KeySealer.fromBase64(shortKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> KeySealer.fromBase64("***"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aListOfKeysSealsUnderTheFirstAndOpensUnderEach() {
    String oldKey = KeySealer.generateKey();
    String newKey = KeySealer.generateKey();
    KeySealer old = KeySealer.fromBase64(oldKey);
    KeySealer rotating = KeySealer.fromBase64(newKey + "," + oldKey);
    KeySealer next = KeySealer.fromBase64(newKey);
    String sealedBefore = old.seal(secret, aad);

    assertThat(rotating.rotating()).isTrue();
    assertThat(next.rotating()).isFalse();
    assertThat(rotating.open(sealedBefore, aad)).isEqualTo(secret);
    assertThat(rotating.sealedUnderCurrentKey(sealedBefore, aad)).isFalse();
    String sealedNow = rotating.seal(secret, aad);
    assertThat(rotating.sealedUnderCurrentKey(sealedNow, aad)).isTrue();
    assertThat(next.open(sealedNow, aad)).isEqualTo(secret);
    assertThatThrownBy(() -> next.open(sealedBefore, aad))
        .isInstanceOf(KeySealer.SealException.class);
    assertThatThrownBy(() -> KeySealer.fromBase64(newKey + ",short"))
        .hasMessageContaining("key 2 of 2");
  }
}
