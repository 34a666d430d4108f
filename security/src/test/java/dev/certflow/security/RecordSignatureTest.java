package dev.certflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordSignatureTest {

  private final String[] pair = RecordSignature.generate();
  private final RecordSignature.Signer signer = new RecordSignature.Signer(pair[0]);
  private final RecordSignature.Verifier verifier = new RecordSignature.Verifier(pair[1]);

  @Test
  void aSignatureCoversTopicKeySequenceAndValue() {
    String signed = signer.sign("certflow.certificates", "shop", 7, "{\"v\":1}");

    assertThat(verifier.verify("certflow.certificates", "shop", 7, "{\"v\":1}", signed)).isTrue();
    assertThat(verifier.verify("certflow.certificates", "shop", 7, "{\"v\":2}", signed)).isFalse();
    assertThat(verifier.verify("certflow.certificates", "shop", 8, "{\"v\":1}", signed)).isFalse();
    assertThat(verifier.verify("certflow.certificates", "shop2", 7, "{\"v\":1}", signed)).isFalse();
    assertThat(verifier.verify("certflow.challenges", "shop", 7, "{\"v\":1}", signed)).isFalse();
    assertThat(verifier.verify("certflow.certificates", "shop", 7, null, signed)).isFalse();
    assertThat(verifier.verify("certflow.certificates", "shop", 7, "{\"v\":1}", null)).isFalse();
  }

  @Test
  void aTombstoneIsSignedAsOneAndOnlyUnderTheRightKey() {
    String tombstone = signer.sign("t", "shop", 9, null);

    assertThat(verifier.verify("t", "shop", 9, null, tombstone)).isTrue();
    assertThat(verifier.verify("t", "shop", 9, "", tombstone)).isFalse();
    RecordSignature.Verifier other = new RecordSignature.Verifier(RecordSignature.generate()[1]);
    assertThat(other.verify("t", "shop", 9, null, tombstone)).isFalse();
  }
}
