package dev.certflow.agent.challenge;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.certflow.agent.testing.AgentInfraResource;
import dev.certflow.events.ChallengeToken;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The HTTP-01 responder answers tokens from the challenges topic and forgets removed ones. */
@QuarkusTest
@WithTestResource(value = AgentInfraResource.class, scope = TestResourceScope.GLOBAL)
class AcmeChallengeResourceTest {

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

  @Test
  void servesPresentTokensOnlyAndReportsThem() throws Exception {
    given().get("/.well-known/acme-challenge/tok-1").then().statusCode(404);

    send(
        "tok-1",
        EventJson.write(
            Envelope.of(
                EventType.CHALLENGE, new ChallengeToken("tok-1", "tok-1.thumbprint", "o-1"))));
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
    given().get("/status").then().body("payload.challenges", equalTo(java.util.List.of("tok-1")));

    send("tok-1", null);
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> given().get("/.well-known/acme-challenge/tok-1").then().statusCode(404));
  }
}
