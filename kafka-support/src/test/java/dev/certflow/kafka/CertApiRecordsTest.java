package dev.certflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certflow.security.RecordSignature;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class CertApiRecordsTest {

  private final String[] certApi = RecordSignature.generate();
  private final RecordSignature.Signer signer = new RecordSignature.Signer(certApi[0]);

  private ConsumerRecord<String, String> record(
      String topic, String key, String value, long sequence, String signature) {
    ConsumerRecord<String, String> record = new ConsumerRecord<>(topic, 0, sequence, key, value);
    record
        .headers()
        .add(
            RecordSignature.SEQUENCE_HEADER,
            String.valueOf(sequence).getBytes(StandardCharsets.US_ASCII));
    if (signature != null) {
      record
          .headers()
          .add(RecordSignature.SIGNATURE_HEADER, signature.getBytes(StandardCharsets.US_ASCII));
    }
    return record;
  }

  private ConsumerRecord<String, String> signed(String topic, String key, String value, long seq) {
    return record(topic, key, value, seq, signer.sign(topic, key, seq, value));
  }

  @Test
  void whatCertApiSignedPassesAndNothingElse() {
    CertApiRecords records = new CertApiRecords(certApi[1]);
    assertThat(records.checking()).isTrue();
    assertThat(records.unsigned(signed("orders", "shop", "{\"a\":1}", 5))).isNull();
    assertThat(records.unsigned(signed("orders", "shop", null, 6))).as("a deletion").isNull();

    String signature = signer.sign("orders", "shop", 7, "{\"a\":1}");
    assertThat(records.unsigned(record("orders", "shop", "{\"a\":2}", 7, signature)))
        .as("another value")
        .isEqualTo("not signed by cert-api");
    assertThat(records.unsigned(record("alerts", "shop", "{\"a\":1}", 7, signature)))
        .as("another topic")
        .isNotNull();
    assertThat(records.unsigned(record("orders", "shop", "{\"a\":1}", 8, signature)))
        .as("another sequence")
        .isNotNull();
    assertThat(records.unsigned(new ConsumerRecord<>("orders", 0, 0, "shop", "{}")))
        .as("no headers")
        .isNotNull();
    String other =
        new RecordSignature.Signer(RecordSignature.generate()[0]).sign("orders", "shop", 9, "{}");
    assertThat(records.unsigned(record("orders", "shop", "{}", 9, other)))
        .as("another key")
        .isNotNull();
  }

  @Test
  void anOlderRecordOfAKeyIsAReplayUntilTheTopicIsReadAgain() {
    CertApiRecords records = new CertApiRecords(certApi[1]);
    assertThat(records.forged(signed("channels", "ops", "{\"v\":2}", 20))).isNull();
    assertThat(records.forged(signed("channels", "ops", "{\"v\":1}", 10)))
        .startsWith("a replay of an older record");
    assertThat(records.forged(signed("channels", "other", "{\"v\":1}", 10))).isNull();
    records.reset();
    assertThat(records.forged(signed("channels", "ops", "{\"v\":1}", 10))).isNull();
  }

  @Test
  void withoutAKeyNothingIsChecked() {
    CertApiRecords records = new CertApiRecords(" ");
    assertThat(records.checking()).isFalse();
    assertThat(records.forged(new ConsumerRecord<>("orders", 0, 0, "shop", "{}"))).isNull();
  }
}
