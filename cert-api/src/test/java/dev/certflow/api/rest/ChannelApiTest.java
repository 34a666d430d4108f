package dev.certflow.api.rest;

import static dev.certflow.api.testing.Api.admin;
import static dev.certflow.api.testing.Api.viewer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.certflow.api.testing.InfraResource;
import dev.certflow.api.testing.Rows;
import dev.certflow.api.testing.Topic;
import dev.certflow.events.AlertEvent;
import dev.certflow.events.ChannelConfig;
import dev.certflow.events.ChannelType;
import dev.certflow.events.DeliveryReport;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import dev.certflow.security.KeySealer;
import dev.certflow.testing.PoisonSamples;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** Channels through the API, published sealed for the notifier, and the delivery history. */
@QuarkusTest
@WithTestResource(value = InfraResource.class, scope = TestResourceScope.GLOBAL)
class ChannelApiTest {

  @Inject DataSource dataSource;

  private static final Topics TOPICS = Topics.defaults();
  private static final String HOOK = "https://hooks.example.test/services/T0/B0/very-secret-path";

  private static Map<String, Object> channel(String name) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("type", "slack");
    body.put("url", HOOK);
    body.put("categories", List.of("expiring", "expired"));
    body.put("secret", "channel-secret");
    return body;
  }

  @Test
  void aChannelIsStoredShownWithoutSecretsAndPublishedSealed() {
    String json =
        admin()
            .body(channel("ops-slack"))
            .post("/api/v1/channels")
            .then()
            .statusCode(201)
            .body("url", equalTo("https://hooks.example.test/***"))
            .body("has_secret", equalTo(true))
            .body("enabled", equalTo(true))
            .extract()
            .asString();
    assertThat(json).doesNotContain("very-secret-path").doesNotContain("channel-secret");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                !Topic.payloads(
                        TOPICS.channels(), "ops-slack", EventType.CHANNEL, ChannelConfig.class)
                    .isEmpty());
    ChannelConfig published =
        Topic.payloads(TOPICS.channels(), "ops-slack", EventType.CHANNEL, ChannelConfig.class)
            .get(0);
    KeySealer notifier = KeySealer.fromBase64(InfraResource.NOTIFY_KEY);
    byte[] aad = "ops-slack".getBytes(StandardCharsets.UTF_8);
    assertThat(new String(notifier.open(published.sealedUrl(), aad), StandardCharsets.UTF_8))
        .isEqualTo(HOOK);
    assertThat(new String(notifier.open(published.sealedSecret(), aad), StandardCharsets.UTF_8))
        .isEqualTo("channel-secret");
    assertThat(published.categories()).containsExactly("expiring", "expired");

    admin()
        .body(Map.of("enabled", false))
        .put("/api/v1/channels/ops-slack")
        .then()
        .statusCode(200)
        .body("enabled", equalTo(false))
        .body("has_secret", equalTo(true));
    admin().delete("/api/v1/channels/ops-slack").then().statusCode(204);
    admin().get("/api/v1/channels/ops-slack").then().statusCode(404);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Topic.readAll(TOPICS.channels()).stream()
                    .anyMatch(r -> r.key().equals("ops-slack") && r.value() == null));
  }

  @Test
  void badChannelsAreRefusedNamingTheFieldAndNothingIsStored() {
    Map<String, Map.Entry<String, Object>> cases =
        Map.of(
            "type", Map.entry("type", "pager"),
            "url", Map.entry("url", "ftp://hooks.example.test/x"),
            "categories", Map.entry("categories", List.of("expiring", "whenever")),
            "name", Map.entry("name", "Not A Name"));
    cases.forEach(
        (field, change) -> {
          Map<String, Object> body = channel("bad-" + field);
          body.put(change.getKey(), change.getValue());
          admin()
              .body(body)
              .post("/api/v1/channels")
              .then()
              .statusCode(400)
              .contentType("application/problem+json")
              .body("field", equalTo(field));
        });
    Map<String, Object> loopback = channel("loopback");
    loopback.put("url", "http://127.0.0.1:9/hook");
    admin()
        .body(loopback)
        .post("/api/v1/channels")
        .then()
        .statusCode(400)
        .body("field", equalTo("url"))
        .body("detail", Matchers.containsString("loopback"));
    Map<String, Object> metadata = channel("metadata");
    metadata.put("url", "http://169.254.169.254/latest/meta-data");
    admin()
        .body(metadata)
        .post("/api/v1/channels")
        .then()
        .statusCode(400)
        .body("field", equalTo("url"));
    admin()
        .get("/api/v1/channels")
        .then()
        .statusCode(200)
        .body("name", Matchers.not(hasItem("bad-type")));
  }

  @Test
  void theSessionOffersEveryChannelTypeOfTheContractAndOnlyThose() {
    viewer()
        .get("/api/v1/session")
        .then()
        .statusCode(200)
        .body("channel_types", equalTo(ChannelType.ids()));
    admin()
        .body(Map.of("name", "pager", "type", "pagerduty", "url", "https://example.com/x"))
        .post("/api/v1/channels")
        .then()
        .statusCode(400)
        .body("field", equalTo("type"));
  }

  @Test
  void aChannelSealedUnderAnotherMasterKeyIsShownFlaggedAndTheOthersServed() throws Exception {
    admin().body(channel("restored")).post("/api/v1/channels").then().statusCode(201);
    admin().body(channel("healthy")).post("/api/v1/channels").then().statusCode(201);
    // As after a restore from another installation: the row's URL is sealed under its key.
    String foreign =
        KeySealer.fromBase64(KeySealer.generateKey())
            .seal(
                HOOK.getBytes(StandardCharsets.UTF_8),
                "channel:restored".getBytes(StandardCharsets.UTF_8));
    assertThat(
            Rows.update(
                dataSource,
                "update channel set sealed_url = ? where name = ?",
                foreign,
                "restored"))
        .isEqualTo(1);

    admin()
        .get("/api/v1/channels")
        .then()
        .statusCode(200)
        .body("find { it.name == 'restored' }.warnings[0]", containsString("master key"))
        .body("find { it.name == 'restored' }.url", nullValue())
        .body("find { it.name == 'healthy' }.url", containsString("https://"));
    admin().delete("/api/v1/channels/restored").then().statusCode(204);
  }

  @Test
  void viewersCannotSeeChannels() {
    viewer().get("/api/v1/channels").then().statusCode(403);
  }

  @Test
  void aTestMessageIsQueuedAndItsDeliveriesShow() throws Exception {
    admin().body(channel("test-target")).post("/api/v1/channels").then().statusCode(201);
    String alertId =
        admin()
            .post("/api/v1/channels/test-target/test")
            .then()
            .statusCode(202)
            .extract()
            .path("alert_id");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Topic.readAll(TOPICS.alerts()).stream()
                    .anyMatch(r -> r.value() != null && r.value().contains(alertId)));
    AlertEvent alert =
        Topic.payloads(TOPICS.alerts(), "", EventType.ALERT, AlertEvent.class).stream()
            .filter(a -> "test-target".equals(a.channel()))
            .findFirst()
            .orElseThrow();
    assertThat(alert.category()).isEqualTo("test");

    // Poison first, on the same partition (same key): text that is no envelope, a report of a
    // newer schema, and a report without its channel, which breaks the table's constraint every
    // time; each is skipped, counted, and the good ones still apply.
    Topic.sendRaw(TOPICS.deliveries(), alertId, PoisonSamples.MALFORMED);
    Topic.sendRaw(
        TOPICS.deliveries(),
        alertId,
        PoisonSamples.newerSchema(
            EventJson.write(
                Envelope.of(
                    EventType.DELIVERY_REPORT,
                    new DeliveryReport(
                        alertId, "", "test-target", 1, "failed", "HTTP 500", Instant.now())))));
    Topic.send(
        TOPICS.deliveries(),
        alertId,
        Envelope.of(
            EventType.DELIVERY_REPORT,
            new DeliveryReport(alertId, "", null, 1, "delivered", "HTTP 200", Instant.now())));
    Topic.send(
        TOPICS.deliveries(),
        alertId,
        Envelope.of(
            EventType.DELIVERY_REPORT,
            new DeliveryReport(
                alertId, "", "test-target", 1, "retrying", "HTTP 503", Instant.now())));
    Topic.send(
        TOPICS.deliveries(),
        alertId,
        Envelope.of(
            EventType.DELIVERY_REPORT,
            new DeliveryReport(
                alertId, "", "test-target", 2, "delivered", "HTTP 200", Instant.now())));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                admin()
                    .get("/api/v1/alerts?limit=10")
                    .then()
                    .statusCode(200)
                    .body(
                        "find { it.id == '" + alertId + "' }.deliveries.outcome",
                        equalTo(List.of("retrying", "delivered"))));
    given()
        .get("/q/metrics")
        .then()
        .body(
            containsString("certflow_poison_records_total{topic=\"" + TOPICS.deliveries() + "\"}"));
    admin().get("/api/v1/alerts?limit=0").then().statusCode(400).body("field", equalTo("limit"));
  }
}
