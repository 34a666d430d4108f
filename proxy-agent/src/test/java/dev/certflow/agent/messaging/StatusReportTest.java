package dev.certflow.agent.messaging;

import static dev.certflow.agent.testing.BundleSender.bundle;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.certflow.agent.testing.AgentInfraResource;
import dev.certflow.agent.testing.BundleSender;
import dev.certflow.events.AgentStatus;
import dev.certflow.events.CertificateBundle;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import dev.certflow.security.RecordSignature;
import dev.certflow.testing.PoisonSamples;
import dev.certflow.testing.TestPki;
import dev.certflow.testing.TlsProbe;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The node's report says how far it has read the certificates topic and what it refused, so its
 * size does not grow with the number of certificates.
 */
@QuarkusTest
@WithTestResource(value = AgentInfraResource.class, scope = TestResourceScope.GLOBAL)
class StatusReportTest {

  /** The largest report Kafka record this design allows, whatever the fleet. */
  private static final int LIMIT = 256 * 1024;

  /** Reads reports until one matches; checks every record read against the size limit. */
  private static AgentStatus awaitReport(Predicate<AgentStatus> wanted) {
    List<AgentStatus> seen = new ArrayList<>();
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, AgentInfraResource.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "status-test-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.defaults().agentStatus()));
      return await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                  assertThat(r.serializedValueSize()).isLessThan(LIMIT);
                  seen.add(EventJson.payload(EventJson.read(r.value()), AgentStatus.class));
                }
                return seen.stream().filter(wanted).reduce((a, b) -> b).orElse(null);
              },
              Objects::nonNull);
    }
  }

  private static Predicate<AgentStatus> past(RecordMetadata landed) {
    return s -> s.position(landed.partition()) > landed.offset();
  }

  @Test
  void readyAfterCatchingUpAndReportsHowFarItHasRead() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));

    TestPki.Issued leaf = TestPki.leaf(TestPki.rootCa("status ca"), 30, "status.example.test");
    RecordMetadata landed =
        BundleSender.sendAll(
                List.of(bundle("status", 1, leaf, false, false, List.of("status.example.test"))))
            .get(0);

    AgentStatus report = awaitReport(past(landed));
    assertThat(report.agentId()).isEqualTo(AgentInfraResource.AGENT_ID);
    assertThat(report.ready()).isTrue();
    assertThat(report.tlsAddress()).isEqualTo("127.0.0.1:" + AgentInfraResource.TLS_PORT);
    assertThat(report.served()).isPositive();
    assertThat(report.rejected()).noneMatch(r -> r.name().equals("status"));

    given()
        .get("/status")
        .then()
        .statusCode(200)
        .body("payload.agent_id", equalTo(AgentInfraResource.AGENT_ID));
    given().get("/q/health/ready").then().body("checks[0].data.reports", equalTo("delivered"));
  }

  @Test
  void aBundleMissingItsFieldsIsRefusedAndTheFeedGoesOnWithTheNextRecords() {
    TestPki.Issued root = TestPki.rootCa("poison ca");
    CertificateBundle poison =
        new CertificateBundle("poison", 1, List.of(), false, false, null, null, null, null, null);
    CertificateBundle after =
        bundle(
            "after-poison",
            1,
            TestPki.leaf(root, 30, "after-poison.example.test"),
            false,
            false,
            List.of("after-poison.example.test"));
    // And one whose JSON has no domains at all, which the record's constructor refuses.
    BundleSender.sendRaw(
        "poison-raw",
        "{\"event_id\":\"e\",\"type\":\"certificate_bundle\",\"schema_version\":1,"
            + "\"occurred_at\":\"2026-12-01T00:00:00Z\","
            + "\"payload\":{\"name\":\"poison-raw\",\"version\":1,\"domains\":null}}");
    // And a good bundle as a newer certflow would write it: refused, not guessed at.
    BundleSender.sendRaw(
        "poison-newer",
        PoisonSamples.newerSchema(
            EventJson.write(
                Envelope.of(
                    EventType.CERTIFICATE_BUNDLE,
                    bundle(
                        "poison-newer",
                        1,
                        TestPki.leaf(root, 30, "newer.example.test"),
                        false,
                        false,
                        List.of("newer.example.test"))))));
    List<RecordMetadata> sent = BundleSender.sendAll(List.of(poison, after));

    AgentStatus report = awaitReport(past(sent.get(1)));
    assertThat(report.rejected())
        .extracting(AgentStatus.Rejected::name)
        .contains("poison", "poison-raw", "poison-newer")
        .doesNotContain("after-poison");
    given()
        .get("/q/metrics")
        .then()
        .body(containsString("certflow_poison_records_total{topic=\"certflow.certificates\"}"));
  }

  @Test
  void aRecordTheNodeCannotOpenIsReportedAsRejectedUntilAGoodOneReplacesIt() {
    TestPki.Issued root = TestPki.rootCa("rejected ca");
    TestPki.Issued first = TestPki.leaf(root, 30, "refused.example.test");
    BundleSender.sendAll(
        List.of(bundle("refused", 1, first, false, false, List.of("refused.example.test"))));
    CertificateBundle good =
        bundle(
            "refused",
            2,
            TestPki.leaf(root, 30, "refused.example.test"),
            false,
            false,
            List.of("refused.example.test"));
    CertificateBundle unreadable =
        new CertificateBundle(
            good.name(),
            good.version(),
            good.domains(),
            false,
            false,
            good.fullchain(),
            "not a sealed key",
            good.serial(),
            good.notBefore(),
            good.notAfter());
    RecordMetadata bad = BundleSender.sendAll(List.of(unreadable)).get(0);

    AgentStatus report = awaitReport(past(bad));
    assertThat(report.rejected())
        .anyMatch(r -> r.name().equals("refused") && Integer.valueOf(1).equals(r.version()));
    assertThat(report.rejectedCount()).isPositive();

    RecordMetadata fixed = BundleSender.sendAll(List.of(good)).get(0);
    assertThat(awaitReport(past(fixed)).rejected()).noneMatch(r -> r.name().equals("refused"));
  }

  @Test
  void reportsStaySmallWithThousandsOfCertificates() {
    TestPki.Issued root = TestPki.rootCa("many ca");
    List<CertificateBundle> bundles = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      String host = "m" + i + ".many.example.test";
      bundles.add(
          bundle("many-" + i, 1, TestPki.leaf(root, 30, host), false, false, List.of(host)));
    }
    List<RecordMetadata> landed = BundleSender.sendAll(bundles);

    // Past every record sent: the node has read all of them, and says so in a few hundred bytes.
    AgentStatus report =
        awaitReport(s -> landed.stream().allMatch(m -> s.position(m.partition()) > m.offset()));
    assertThat(report.served()).isGreaterThanOrEqualTo(2_000);
    assertThat(EventJson.write(Envelope.of(EventType.AGENT_STATUS, report)).length())
        .isLessThan(2_048);
  }

  @Test
  void onlyRecordsCertApiSignedAreServedAndNeverAnOlderOne() {
    TestPki.Issued root = TestPki.rootCa("signed ca");
    TestPki.Issued first = TestPki.leaf(root, 30, "signed.example.test");
    TestPki.Issued second = TestPki.leaf(root, 30, "signed.example.test");
    List<String> domains = List.of("signed.example.test");
    ProducerRecord<String, String> v1 =
        BundleSender.signed(
            "signed",
            EventJson.write(
                Envelope.of(
                    EventType.CERTIFICATE_BUNDLE,
                    bundle("signed", 1, first, false, false, domains))));
    String v2 =
        EventJson.write(
            Envelope.of(
                EventType.CERTIFICATE_BUNDLE, bundle("signed", 2, second, false, false, domains)));
    BundleSender.sendRecord(v1);
    RecordMetadata served = BundleSender.sendRecord(BundleSender.signed("signed", v2));
    awaitReport(past(served));
    String serial = second.serialHex();
    assertThat(TlsProbe.serial("127.0.0.1", AgentInfraResource.TLS_PORT, "signed.example.test"))
        .isEqualTo(serial);

    RecordSignature.Signer stranger = new RecordSignature.Signer(RecordSignature.generate()[0]);
    String v1Json = v1.value();
    List<ProducerRecord<String, String>> forgeries =
        List.of(
            new ProducerRecord<>(Topics.defaults().certificates(), "signed", v1Json), // unsigned
            BundleSender.signed("signed", v1Json, BundleSender.nextSequence() + 5, stranger),
            v1, // the old record replayed as it was
            BundleSender.signed("signed", v1Json), // an older version, freshly signed
            new ProducerRecord<>(Topics.defaults().certificates(), "signed", null)); // deletion
    RecordMetadata last = null;
    for (ProducerRecord<String, String> forged : forgeries) {
      last = BundleSender.sendRecord(forged);
    }

    AgentStatus report = awaitReport(past(last));
    assertThat(report.rejected()).anyMatch(r -> r.name().equals("signed"));
    assertThat(TlsProbe.serial("127.0.0.1", AgentInfraResource.TLS_PORT, "signed.example.test"))
        .as("still the version cert-api signed last")
        .isEqualTo(serial);
    given()
        .get("/q/metrics")
        .then()
        .body(containsString("certflow_poison_records_total{topic=\"certflow.certificates\"}"));

    // A deletion cert-api signed is applied.
    BundleSender.delete("signed");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                TlsProbe.serial("127.0.0.1", AgentInfraResource.TLS_PORT, "signed.example.test")
                        == null
                    || !serial.equals(
                        TlsProbe.serial(
                            "127.0.0.1", AgentInfraResource.TLS_PORT, "signed.example.test")));
  }
}
