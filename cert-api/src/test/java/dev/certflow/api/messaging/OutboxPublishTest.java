package dev.certflow.api.messaging;

import static dev.certflow.api.testing.Api.admin;
import static dev.certflow.api.testing.Api.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import dev.certflow.api.pem.KeyPairCheck;
import dev.certflow.api.service.monitor.AlertMonitor;
import dev.certflow.api.testing.AgentReports;
import dev.certflow.api.testing.Api;
import dev.certflow.api.testing.InfraResource;
import dev.certflow.api.testing.Topic;
import dev.certflow.events.AgentStatus;
import dev.certflow.events.CertificateBundle;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import dev.certflow.security.KeySealer;
import dev.certflow.testing.TestPki;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The outbox reaches the real broker; agent reports come back into the API. */
@QuarkusTest
@WithTestResource(value = InfraResource.class, scope = TestResourceScope.GLOBAL)
class OutboxPublishTest {

  @Inject AlertMonitor monitor;

  private static final Topics TOPICS = Topics.defaults();

  private static List<ConsumerRecord<String, String>> recordsFor(String name) {
    return Topic.readAll(TOPICS.certificates()).stream().filter(r -> r.key().equals(name)).toList();
  }

  @Test
  void uploadPublishesSealedBundleAndDeletePublishesTombstone() throws Exception {
    TestPki.Issued leaf = TestPki.leaf(Api.CA.INTERMEDIATE, 90, "relay.example.test");
    admin().body(upload("relay", leaf)).post("/api/v1/certificates").then().statusCode(201);

    await().atMost(Duration.ofSeconds(20)).until(() -> !recordsFor("relay").isEmpty());
    ConsumerRecord<String, String> record = recordsFor("relay").get(0);
    var envelope = EventJson.read(record.value());
    CertificateBundle bundle = EventJson.payload(envelope, CertificateBundle.class);

    assertThat(envelope.type()).isEqualTo(EventType.CERTIFICATE_BUNDLE);
    assertThat(bundle.serial()).isEqualTo(leaf.serialHex());
    assertThat(bundle.domains()).containsExactly("relay.example.test");
    assertThat(bundle.fullchain()).startsWith(leaf.certPem());
    assertThat(record.value()).doesNotContain("PRIVATE KEY");
    byte[] key =
        KeySealer.fromBase64(InfraResource.AGENT_KEY)
            .open(bundle.sealedKey(), CertificateBundle.keyAad("relay"));
    var privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(key));
    assertThat(KeyPairCheck.matches(privateKey, leaf.certificate().getPublicKey())).isTrue();

    admin().delete("/api/v1/certificates/relay").then().statusCode(204);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> recordsFor("relay").stream().anyMatch(r -> r.value() == null));
    List<ConsumerRecord<String, String>> all = recordsFor("relay");
    assertThat(all.get(all.size() - 1).value()).isNull();
  }

  @Test
  void agentReportsShowInAgentsAndDeployedTo() throws Exception {
    TestPki.Issued leaf = TestPki.leaf(Api.CA.INTERMEDIATE, 90, "rollout.example.test");
    admin().body(upload("rollout", leaf)).post("/api/v1/certificates").then().statusCode(201);
    await().atMost(Duration.ofSeconds(20)).until(() -> !recordsFor("rollout").isEmpty());
    ConsumerRecord<String, String> published = recordsFor("rollout").get(0);
    int partition = published.partition();
    long offset = published.offset();
    // The relay records where the bundle landed right after Kafka acknowledges it.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              AgentReports.send("probe", Map.of(partition, offset + 1), List.of());
              admin()
                  .get("/api/v1/certificates/rollout")
                  .then()
                  .body("deployed_to.find { it.agent_id == 'probe' }.state", equalTo("current"));
            });

    // Read past it; not yet there; read past it but refused it.
    AgentReports.send("node-a", Map.of(partition, offset + 1), List.of());
    AgentReports.send("node-b", Map.of(partition, offset), List.of());
    AgentReports.send(
        "node-c",
        Map.of(partition, offset + 1),
        List.of(new AgentStatus.Rejected("rollout", null, "the key does not open")));

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                admin()
                    .get("/api/v1/certificates/rollout")
                    .then()
                    .body("deployed_to.find { it.agent_id == 'node-a' }.state", equalTo("current"))
                    .body(
                        "deployed_to.find { it.agent_id == 'node-a' }.serial",
                        equalTo(leaf.serialHex()))
                    .body("deployed_to.find { it.agent_id == 'node-b' }.state", equalTo("missing"))
                    .body("deployed_to.find { it.agent_id == 'node-c' }.state", equalTo("missing"))
                    .body(
                        "deployed_to.find { it.agent_id == 'node-c' }.rejected",
                        equalTo("the key does not open")));
    admin()
        .get("/api/v1/agents")
        .then()
        .statusCode(200)
        .body("find { it.agent_id == 'node-a' }.ready", equalTo(true))
        .body("find { it.agent_id == 'node-a' }.tls_address", equalTo("127.0.0.11:8443"))
        .body("find { it.agent_id == 'node-a' }.current", greaterThanOrEqualTo(1))
        .body("find { it.agent_id == 'node-b' }.missing", greaterThanOrEqualTo(1))
        .body("find { it.agent_id == 'node-c' }.rejected_count", equalTo(1));
    assertThat(names("node-a", "current")).contains("rollout");
    assertThat(names("node-a", "missing")).doesNotContain("rollout");
    assertThat(names("node-b", "missing")).contains("rollout");
    assertThat(names("node-c", "missing")).contains("rollout");

    // A refused record is an operator's business: one critical alert for the node.
    monitor.scan();
    List<Map<String, Object>> alerts =
        admin()
            .get("/api/v1/alerts?limit=100")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("");
    assertThat(alerts)
        .filteredOn(a -> "agent_rejected".equals(a.get("category")))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.get("level")).isEqualTo("critical");
              assertThat((String) a.get("message"))
                  .contains("agent node-c refused the latest record of 1 certificate")
                  .contains("rollout, the key does not open");
            });
    assertThat(names("node-c", "current")).doesNotContain("rollout");
    admin().get("/api/v1/agents/node-a/certificates?state=sideways").then().statusCode(400);
    admin().get("/api/v1/agents/nobody/certificates").then().statusCode(404);

    // A new version is current nowhere until the nodes read its record.
    admin()
        .body(upload("rollout", TestPki.leaf(Api.CA.INTERMEDIATE, 90, "rollout.example.test")))
        .put("/api/v1/certificates/rollout")
        .then()
        .statusCode(200)
        .body("deployed_to.find { it.agent_id == 'node-a' }.state", equalTo("behind"));

    // No further report: after CERTFLOW_AGENT_SILENT_AFTER (5 s here) the node shows as silent.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                admin()
                    .get("/api/v1/certificates/rollout")
                    .then()
                    .body("deployed_to.find { it.agent_id == 'node-a' }.silent", equalTo(true)));
  }

  /** Every certificate in one state on one node, following the cursor through the pages. */
  static List<String> names(String agent, String state) {
    List<String> names = new ArrayList<>();
    String cursor = "";
    do {
      var page =
          admin()
              .get(
                  "/api/v1/agents/"
                      + agent
                      + "/certificates?size=100&state="
                      + state
                      + "&cursor="
                      + cursor)
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      names.addAll(page.getList("items.name", String.class));
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    return names;
  }
}
