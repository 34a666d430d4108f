package dev.certflow.api.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certflow.testing.TestPki;
import java.security.KeyPair;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PrivateKeyReaderTest {

  private final TestPki.Issued ca = TestPki.rootCa("reader test");

  @Test
  void readsPkcs8Pkcs1AndSec1() throws PemException {
    for (KeyPair key : new KeyPair[] {TestPki.rsaKey(2048), TestPki.ecKey()}) {
      TestPki.Issued leaf =
          TestPki.leaf(ca, key, Instant.now(), Instant.now().plusSeconds(60), "r.test");
      assertThat(KeyPairCheck.matches(PrivateKeyReader.read(leaf.pkcs8Pem()), key.getPublic()))
          .isTrue();
      assertThat(leaf.traditionalPem()).doesNotContain("BEGIN PRIVATE KEY");
      assertThat(
              KeyPairCheck.matches(PrivateKeyReader.read(leaf.traditionalPem()), key.getPublic()))
          .isTrue();
    }
  }

  @Test
  void refusesTwoKeysAndCertificates() {
    TestPki.Issued leaf = TestPki.leaf(ca, 1, "r.test");
    assertThatThrownBy(() -> PrivateKeyReader.read(leaf.pkcs8Pem() + leaf.pkcs8Pem()))
        .isInstanceOf(PemException.class)
        .hasMessageContaining("more than one");
    assertThatThrownBy(() -> PrivateKeyReader.read(leaf.certPem()))
        .isInstanceOf(PemException.class)
        .hasMessageContaining("no private key");
  }
}
