package dev.certflow.api.messaging;

import static dev.certflow.api.testing.Api.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.certflow.api.testing.InfraResource;
import dev.certflow.api.testing.Topic;
import dev.certflow.events.AgentStatus;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.OrderCommand;
import dev.certflow.events.OrderResult;
import dev.certflow.events.Topics;
import dev.certflow.testing.PoisonSamples;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every topic cert-api reads, fed records it can never apply (malformed, of a newer schema, with
 * content that does not fit) between good ones: the bad ones are skipped and counted, the good ones
 * after them still apply.
 */
@QuarkusTest
@WithTestResource(value = InfraResource.class, scope = TestResourceScope.GLOBAL)
class PoisonRecordTest {

  private static final Topics TOPICS = Topics.defaults();

  private static double skipped(String topic) {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher count =
        Pattern.compile(
                "certflow_poison_records_total\\{topic=\""
                    + Pattern.quote(topic)
                    + "\"\\} ([0-9.E]+)")
            .matcher(metrics);
    return count.find() ? Double.parseDouble(count.group(1)) : 0;
  }

  @Test
  void agentReportsPastPoisonStillApply() throws Exception {
    String topic = TOPICS.agentStatus();
    double before = skipped(topic);
    String good = report("poison-node-1");

    Topic.sendRaw(topic, "poison-node-1", good);
    Topic.sendRaw(topic, "poison-node-2", PoisonSamples.MALFORMED);
    Topic.sendRaw(topic, "poison-node-3", PoisonSamples.newerSchema(report("poison-node-3")));
    // A report under another node's key: it would show the wrong node.
    Topic.sendRaw(topic, "poison-node-4", report("poison-node-1"));
    Topic.sendRaw(topic, "poison-node-5", report("poison-node-5"));

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> admin().get("/api/v1/agents/poison-node-5").then().statusCode(200));
    admin().get("/api/v1/agents/poison-node-1").then().statusCode(200);
    for (String absent : List.of("poison-node-2", "poison-node-3", "poison-node-4")) {
      admin().get("/api/v1/agents/" + absent).then().statusCode(404);
    }
    assertThat(skipped(topic) - before).isEqualTo(3);
  }

  @Test
  void orderResultsPastPoisonStillApply() throws Exception {
    String topic = TOPICS.orderResults();
    double before = skipped(topic);
    admin()
        .body(Map.of("name", "poison-order", "acme", true, "domains", "poison.acme.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    OrderCommand order =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    Topic.payloads(
                        TOPICS.orders(), "poison-order", EventType.ORDER, OrderCommand.class),
                orders -> !orders.isEmpty())
            .get(0);
    String result =
        EventJson.write(
            Envelope.of(
                EventType.ORDER_RESULT,
                OrderResult.failed(
                    order.orderId(),
                    "poison-order",
                    "urn:test:refused",
                    "the CA said no",
                    false,
                    null)));

    Topic.sendRaw(topic, "poison-order", PoisonSamples.MALFORMED);
    Topic.sendRaw(topic, "poison-order", PoisonSamples.newerSchema(result));
    Topic.sendRaw(topic, "poison-order", "{\"event_id\":\"e\",\"type\":\"order_result\"}");
    Topic.sendRaw(topic, "poison-order", result);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                admin()
                    .get("/api/v1/certificates/poison-order")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("failed"))
                    .body("last_error", containsString("the CA said no")));
    assertThat(skipped(topic) - before).isEqualTo(3);
  }

  private static String report(String agentId) {
    return EventJson.write(
        Envelope.of(
            EventType.AGENT_STATUS,
            new AgentStatus(
                agentId, "127.0.0.11:8443", Instant.now(), true, 0, Map.of(), List.of(), 0)));
  }
}
