package dev.certflow.notifier.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.certflow.events.AlertDelivery;
import dev.certflow.events.AlertEvent;
import dev.certflow.events.ChannelConfig;
import dev.certflow.events.DeliveryReport;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import dev.certflow.notifier.format.WebhookSignature;
import dev.certflow.notifier.testing.NotifierInfraResource;
import dev.certflow.notifier.testing.Receiver;
import dev.certflow.security.KeySealer;
import dev.certflow.testing.PoisonSamples;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The notifier against a real broker and a real HTTP receiver. */
@QuarkusTest
@WithTestResource(value = NotifierInfraResource.class, scope = TestResourceScope.GLOBAL)
class NotifierTest {

  private static final Topics TOPICS = Topics.defaults();
  private static final KeySealer SEALER = KeySealer.fromBase64(NotifierInfraResource.NOTIFY_KEY);
  private static final Receiver RECEIVER = receiver();

  private static Receiver receiver() {
    try {
      return new Receiver();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NotifierInfraResource.bootstrapServers()),
        new StringSerializer(),
        new StringSerializer());
  }

  private static void send(String topic, String key, String value) throws Exception {
    try (KafkaProducer<String, String> producer = producer()) {
      producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    }
  }

  private static void channel(String name, String path, String secret, List<String> categories)
      throws Exception {
    channel(SEALER, name, path, secret, categories);
  }

  /** A channel record as cert-api writes it, for a receiver that is never called. */
  private static String channelRecord(KeySealer sealer, String name) {
    byte[] aad = name.getBytes(StandardCharsets.UTF_8);
    ChannelConfig config =
        new ChannelConfig(
            name,
            "webhook",
            sealer.seal(RECEIVER.url("/" + name).getBytes(StandardCharsets.UTF_8), aad),
            null,
            List.of("poison"),
            true);
    return EventJson.write(Envelope.of(EventType.CHANNEL, config));
  }

  private static void channel(
      KeySealer sealer, String name, String path, String secret, List<String> categories)
      throws Exception {
    byte[] aad = name.getBytes(StandardCharsets.UTF_8);
    ChannelConfig config =
        new ChannelConfig(
            name,
            "webhook",
            sealer.seal(RECEIVER.url(path).getBytes(StandardCharsets.UTF_8), aad),
            secret == null ? null : sealer.seal(secret.getBytes(StandardCharsets.UTF_8), aad),
            categories,
            true);
    send(TOPICS.channels(), name, EventJson.write(Envelope.of(EventType.CHANNEL, config)));
  }

  /** Publishes an alert and returns its id. */
  private static String alert(AlertEvent alert) throws Exception {
    Envelope<AlertEvent> envelope = Envelope.of(EventType.ALERT, alert);
    send(TOPICS.alerts(), alert.certificate(), EventJson.write(envelope));
    return envelope.eventId();
  }

  /** The delivery reports of an alert, read from the deliveries topic. */
  private static List<DeliveryReport> reports(String alertId) {
    return records(TOPICS.deliveries()).stream()
        .map(r -> EventJson.payload(EventJson.read(r.value()), DeliveryReport.class))
        .filter(r -> r.alertId().equals(alertId))
        .toList();
  }

  /** Every record of a topic, from its beginning to its current end. */
  private static synchronized List<ConsumerRecord<String, String>> records(String topic) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                NotifierInfraResource.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, String>> all = new ArrayList<>();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        consumer.poll(Duration.ofMillis(200)).forEach(all::add);
      }
      return all;
    }
  }

  /** An alert in a category of the test's own, so channels of other tests stay out of it. */
  private static AlertEvent alertOf(String category, String certificate) {
    return new AlertEvent(
        category,
        "warning",
        certificate,
        List.of(certificate + ".example.com"),
        "expires in 6 days");
  }

  @Test
  void aChannelSealedUnderAnotherKeyIsSkippedAndTheNextOnesStillApply() throws Exception {
    // Issue 15: cert-api rotated CERTFLOW_NOTIFY_KEY first; this notifier cannot open the record.
    KeySealer other = KeySealer.fromBase64(KeySealer.generateKey());
    channel(other, "foreign", "/foreign", null, List.of("poison"));
    send(TOPICS.channels(), "malformed", PoisonSamples.MALFORMED);
    send(TOPICS.channels(), "newer", PoisonSamples.newerSchema(channelRecord(SEALER, "newer")));
    channel("after-poison", "/after-poison", null, List.of("poison"));
    // Alerts past poison on the same partition (same key) still go out.
    send(TOPICS.alerts(), "p", PoisonSamples.MALFORMED);
    send(
        TOPICS.alerts(),
        "p",
        PoisonSamples.newerSchema(
            EventJson.write(Envelope.of(EventType.ALERT, alertOf("poison", "p")))));
    String id = alert(alertOf("poison", "p"));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> reports(id).stream().anyMatch(r -> r.outcome().equals("delivered")));
    assertThat(reports(id)).extracting(DeliveryReport::channel).containsExactly("after-poison");
    assertThat(RECEIVER.requests("/foreign")).isEmpty();
    assertThat(RECEIVER.requests("/after-poison")).hasSize(1);
    String metrics = given().get("/q/metrics").then().extract().asString();
    for (String topic : List.of(TOPICS.channels(), TOPICS.alerts())) {
      assertThat(metrics).contains("certflow_poison_records_total{topic=\"" + topic + "\"}");
    }
  }

  @Test
  void deliversASignedWebhookAndReportsIt() throws Exception {
    channel("signed", "/signed", "s3cret", List.of("signed"));
    String id = alert(alertOf("signed", "shop"));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> reports(id).stream().anyMatch(r -> r.outcome().equals("delivered")));
    List<Receiver.Request> requests = RECEIVER.requests("/signed");
    assertThat(requests).hasSize(1);
    Receiver.Request request = requests.get(0);
    assertThat(request.header("X-Certflow-Signature")).startsWith("t=").contains(",v1=");
    assertThat(
            WebhookSignature.verify(
                "s3cret",
                request.header("X-Certflow-Signature"),
                request.body(),
                Instant.now(),
                WebhookSignature.TOLERANCE))
        .isTrue();
    assertThat(request.header("X-Certflow-Delivery")).isEqualTo(id + ":signed");
    JsonNode body = new ObjectMapper().readTree(request.body());
    assertThat(body.path("certificate").asText()).isEqualTo("shop");
    assertThat(body.path("hostname").asText()).isEqualTo("notifier-under-test");
    assertThat(reports(id)).singleElement().satisfies(r -> assertThat(r.attempt()).isEqualTo(1));
  }

  @Test
  void aReceiverDownForAWhileGetsTheAlertOnceItReturns() throws Exception {
    channel("flaky", "/flaky", null, List.of("flaky"));
    RECEIVER.answer("/flaky", 503, 503);
    String id = alert(alertOf("flaky", "flaky-cert"));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> reports(id).stream().anyMatch(r -> r.outcome().equals("delivered")));
    assertThat(RECEIVER.requests("/flaky").stream().filter(r -> r.answered() == 200)).hasSize(1);
    assertThat(reports(id))
        .extracting(DeliveryReport::outcome)
        .containsExactly("retrying", "retrying", "delivered");
  }

  @Test
  void aRetryLeftInKafkaByAStoppedNotifierIsDelivered() throws Exception {
    channel("resumed", "/resumed", null, List.of("resumed"));
    String alertId = UUID.randomUUID().toString();
    AlertDelivery pending =
        new AlertDelivery(
            alertId,
            "resumed",
            alertOf("resumed", "resumed-cert"),
            Instant.now(),
            2,
            Instant.now());
    String retry = EventJson.write(Envelope.of(EventType.ALERT_DELIVERY, pending));
    send(TOPICS.alertRetries(1), alertId, PoisonSamples.MALFORMED);
    send(TOPICS.alertRetries(1), alertId, PoisonSamples.newerSchema(retry));
    send(TOPICS.alertRetries(1), alertId, retry);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> reports(alertId).stream().anyMatch(r -> r.outcome().equals("delivered")));
    assertThat(reports(alertId))
        .singleElement()
        .satisfies(r -> assertThat(r.attempt()).isEqualTo(3));
    given()
        .get("/q/metrics")
        .then()
        .body(
            containsString(
                "certflow_poison_records_total{topic=\"" + TOPICS.alertRetries(1) + "\"}"));
  }

  @Test
  void categoriesAndTestMessagesReachOnlyTheirChannels() throws Exception {
    channel("expired-only", "/expired-only", null, List.of("expired"));
    channel("target", "/target", null, List.of("expired"));
    String id = alert(alertOf("nobody-takes-this", "category-cert"));
    String test =
        alert(new AlertEvent("test", "info", "", List.of(), "certflow test message", "target"));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> reports(test).stream().anyMatch(r -> r.outcome().equals("delivered")));
    assertThat(RECEIVER.requests("/target")).hasSize(1);
    assertThat(RECEIVER.requests("/expired-only")).isEmpty();
    assertThat(reports(id)).isEmpty();
  }

  @Test
  void aRefusingEndpointIsGivenUpAtOnce() throws Exception {
    channel("refusing", "/refusing", null, List.of("refused"));
    RECEIVER.answer("/refusing", 404);
    String id = alert(new AlertEvent("refused", "critical", "r", List.of("r.example.com"), "x"));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> reports(id).stream().anyMatch(r -> r.outcome().equals("failed")));
    assertThat(reports(id)).singleElement().satisfies(r -> assertThat(r.detail()).contains("404"));
    assertThat(RECEIVER.requests("/refusing")).hasSize(1);
    // Given up, the delivery is kept on the dead-letter topic for an operator.
    assertThat(records(TOPICS.alertDeadLetters()))
        .filteredOn(r -> id.equals(r.key()))
        .singleElement()
        .satisfies(
            r ->
                assertThat(
                        EventJson.payload(EventJson.read(r.value()), AlertDelivery.class).channel())
                    .isEqualTo("refusing"));
  }
}
