package dev.certflow.api.pem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certflow.testing.TestPki;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

class KeyPairCheckTest {

  private static KeyPair ec(String curve) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(curve));
    return generator.generateKeyPair();
  }

  @Test
  void ecKeysMatchOnlyTheirOwnPublicKey() throws Exception {
    KeyPair a = ec("secp256r1");
    KeyPair b = ec("secp256r1");
    KeyPair c = ec("secp384r1");
    assertThat(KeyPairCheck.matches(a.getPrivate(), a.getPublic())).isTrue();
    assertThat(KeyPairCheck.matches(c.getPrivate(), c.getPublic())).isTrue();
    assertThat(KeyPairCheck.matches(a.getPrivate(), b.getPublic())).isFalse();
    assertThat(KeyPairCheck.matches(a.getPrivate(), c.getPublic())).isFalse();
  }

  @Test
  void rsaKeysMatchOnlyTheirOwnPublicKeyAndNeverAnotherAlgorithm() {
    KeyPair a = TestPki.rsaKey(2048);
    KeyPair b = TestPki.rsaKey(2048);
    assertThat(KeyPairCheck.matches(a.getPrivate(), a.getPublic())).isTrue();
    assertThat(KeyPairCheck.matches(a.getPrivate(), b.getPublic())).isFalse();
    assertThat(KeyPairCheck.matches(a.getPrivate(), TestPki.ecKey().getPublic())).isFalse();
  }
}
