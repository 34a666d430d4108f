package dev.certflow.agent.messaging;

import static dev.certflow.agent.testing.BundleSender.bundle;
import static dev.certflow.agent.testing.BundleSender.send;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.certflow.agent.testing.AgentInfraResource;
import dev.certflow.events.AgentStatus;
import dev.certflow.events.EventJson;
import dev.certflow.events.Topics;
import dev.certflow.events.testing.TestPki;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = AgentInfraResource.class, scope = TestResourceScope.GLOBAL)
class StatusReportTest {

  @Test
  void readyAfterCatchingUpAndReportsWhatItServes() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));

    TestPki.Issued leaf = TestPki.leaf(TestPki.rootCa("status ca"), 30, "status.example.test");
    send(bundle("status", 1, leaf, false, false, List.of("status.example.test")));

    List<AgentStatus> reports = new CopyOnWriteArrayList<>();
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, AgentInfraResource.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "status-test");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.defaults().agentStatus()));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(200))
                    .forEach(
                        r ->
                            reports.add(
                                EventJson.payload(EventJson.read(r.value()), AgentStatus.class)));
                return reports.stream()
                    .anyMatch(
                        s ->
                            s.certificates().stream()
                                .anyMatch(c -> c.serial().equals(leaf.serialHex())));
              });
    }
    AgentStatus report =
        reports.stream()
            .filter(
                s -> s.certificates().stream().anyMatch(c -> c.serial().equals(leaf.serialHex())))
            .findFirst()
            .orElseThrow();
    assertThat(report.agentId()).isEqualTo(AgentInfraResource.AGENT_ID);
    assertThat(report.ready()).isTrue();
    assertThat(report.tlsAddress()).isEqualTo("127.0.0.1:" + AgentInfraResource.TLS_PORT);
    assertThat(report.certificates())
        .anyMatch(
            c ->
                c.name().equals("status")
                    && c.version() == 1
                    && c.notAfter().equals(leaf.certificate().getNotAfter().toInstant()));

    given()
        .get("/status")
        .then()
        .statusCode(200)
        .body("payload.agent_id", equalTo(AgentInfraResource.AGENT_ID));
  }
}
