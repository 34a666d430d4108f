package dev.certflow.agent.challenge;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.certflow.agent.testing.AgentInfraResource;
import dev.certflow.events.AgentChallenges;
import dev.certflow.events.ChallengeToken;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import dev.certflow.security.RecordSignature;
import dev.certflow.testing.PoisonSamples;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import org.junit.jupiter.api.Test;

/** The HTTP-01 responder answers tokens from the challenges topic and forgets removed ones. */
@QuarkusTest
@WithTestResource(value = AgentInfraResource.class, scope = TestResourceScope.GLOBAL)
class AcmeChallengeResourceTest {

  private static final RecordSignature.Signer WORKER =
      new RecordSignature.Signer(AgentInfraResource.CHALLENGE_SIGNING_KEY[0]);

  /** A token as a worker publishes it: signed over the token and its answer. */
  private static ChallengeToken signed(String token, String answer, String order) {
    return new ChallengeToken(
        token, answer, order, WORKER.sign(ChallengeToken.SIGNED_AS, token, 0, answer));
  }

  private static void send(String token, String value) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, AgentInfraResource.bootstrapServers());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer
          .send(new ProducerRecord<>(Topics.defaults().challenges(), token, value))
          .get(10, TimeUnit.SECONDS);
    }
  }

  /** The tokens of this node's latest acknowledgement on {@code agent-challenges}. */
  private static List<String> acknowledged() throws Exception {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, AgentInfraResource.bootstrapServers());
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.defaults().agentChallenges()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      AgentChallenges latest = null;
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          AgentChallenges report =
              EventJson.payload(EventJson.read(record.value()), AgentChallenges.class);
          if (latest == null || !report.reportedAt().isBefore(latest.reportedAt())) {
            latest = report;
          }
        }
      }
      return latest == null ? List.of() : latest.tokens();
    }
  }

  @Test
  void servesPresentTokensOnlyAndReportsThem() throws Exception {
    given().get("/.well-known/acme-challenge/tok-1").then().statusCode(404);

    send(
        "tok-1",
        EventJson.write(
            Envelope.of(EventType.CHALLENGE, signed("tok-1", "tok-1.thumbprint", "o-1"))));
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                given()
                    .get("/.well-known/acme-challenge/tok-1")
                    .then()
                    .statusCode(200)
                    .contentType("text/plain")
                    .body(equalTo("tok-1.thumbprint")));
    given().get("/status").then().body("challenges", equalTo(List.of("tok-1")));
    // Workers trigger the challenge on this acknowledgement, so it is sent at once.
    await().atMost(Duration.ofSeconds(5)).until(() -> acknowledged().contains("tok-1"));

    send("tok-1", null);
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> given().get("/.well-known/acme-challenge/tok-1").then().statusCode(404));
    // Nothing waits for a removal: it is acknowledged with a delay, batched with others.
    await().atMost(Duration.ofSeconds(10)).until(() -> !acknowledged().contains("tok-1"));
  }

  @Test
  void aTokenRecordWithoutItsTokenIsSkippedAndTheNextOneServed() throws Exception {
    // Issue 15: such a record used to restart the feed for ever.
    send(
        "tok-null",
        EventJson.write(
            Envelope.of(EventType.CHALLENGE, new ChallengeToken(null, "x.thumbprint", "o-2"))));
    send("tok-2", "not json at all");
    send(
        "tok-4",
        PoisonSamples.newerSchema(
            EventJson.write(
                Envelope.of(EventType.CHALLENGE, signed("tok-4", "tok-4.thumbprint", "o-4")))));
    send(
        "tok-3",
        EventJson.write(
            Envelope.of(EventType.CHALLENGE, signed("tok-3", "tok-3.thumbprint", "o-3"))));

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                given()
                    .get("/.well-known/acme-challenge/tok-3")
                    .then()
                    .statusCode(200)
                    .body(equalTo("tok-3.thumbprint")));
    given().get("/.well-known/acme-challenge/tok-2").then().statusCode(404);
    given().get("/.well-known/acme-challenge/tok-4").then().statusCode(404);
    given()
        .get("/q/metrics")
        .then()
        .body(containsString("certflow_poison_records_total{topic=\"certflow.challenges\"}"));

    send("tok-3", null); // leaves the node serving nothing, as the other test expects
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> given().get("/.well-known/acme-challenge/tok-3").then().statusCode(404));
  }

  @Test
  void aTokenNoWorkerSignedIsNeverAnswered() throws Exception {
    ChallengeToken genuine = signed("tok-g", "tok-g.ours", "o-g");
    RecordSignature.Signer stranger = new RecordSignature.Signer(RecordSignature.generate()[0]);
    // Someone with write access to Kafka answering a challenge of an order of their own: unsigned,
    // signed under another key, or our signature on another answer.
    send(
        "tok-f1",
        EventJson.write(
            Envelope.of(EventType.CHALLENGE, new ChallengeToken("tok-f1", "tok-f1.theirs", "x"))));
    send(
        "tok-f2",
        EventJson.write(
            Envelope.of(
                EventType.CHALLENGE,
                new ChallengeToken(
                    "tok-f2",
                    "tok-f2.theirs",
                    "x",
                    stranger.sign(ChallengeToken.SIGNED_AS, "tok-f2", 0, "tok-f2.theirs")))));
    send(
        "tok-g",
        EventJson.write(
            Envelope.of(
                EventType.CHALLENGE,
                new ChallengeToken("tok-g", "tok-g.theirs", "x", genuine.signature()))));
    send(
        "tok-ok",
        EventJson.write(Envelope.of(EventType.CHALLENGE, signed("tok-ok", "tok-ok.ours", "o"))));

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> given().get("/.well-known/acme-challenge/tok-ok").then().statusCode(200));
    for (String forged : List.of("tok-f1", "tok-f2", "tok-g")) {
      given().get("/.well-known/acme-challenge/" + forged).then().statusCode(404);
    }
    send("tok-ok", null);
  }
}
