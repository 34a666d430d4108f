package dev.certflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.certflow.testing.TestPki;
import io.restassured.specification.RequestSpecification;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Alerts through the whole chain of processes: a channel added through cert-api reaches the
 * notifier, a message reaches a real receiver, and a notifier killed while a delivery waits for its
 * retry delivers it after it is started again, once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertSystemTest {

  private LocalCluster cluster;
  private HttpServer receiver;
  private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
  private final List<String> delivered = new CopyOnWriteArrayList<>();
  private final List<Integer> answered = new CopyOnWriteArrayList<>();
  private final List<String> expiry = new CopyOnWriteArrayList<>();

  @BeforeAll
  void startCluster() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          Integer queued = statuses.poll();
          int status = queued == null ? 200 : queued;
          answered.add(status);
          if (status == 200) {
            delivered.add(
                exchange.getRequestHeaders().getFirst("X-Certflow-Delivery") + " " + body);
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.createContext(
        "/expiry",
        exchange -> {
          expiry.add(
              exchange.getRequestHeaders().getFirst("X-Certflow-Signature")
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    cluster = new LocalCluster();
    cluster.startKafka();
    cluster.startCertApi(true);
    cluster.startNotifier(Map.of("CERTFLOW_NOTIFY_RETRY_DELAYS", "8s"));
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  private RequestSpecification admin() {
    return cluster.admin();
  }

  private List<String> outcomes(String alertId) {
    return admin()
        .get("/api/v1/alerts?limit=100")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("find { it.id == '" + alertId + "' }.deliveries.outcome", String.class);
  }

  @Test
  void aDeliveryWaitingForItsRetrySurvivesANotifierCrash() throws Exception {
    admin()
        .body(
            Map.of(
                "name", "ops",
                "type", "webhook",
                "url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                "secret", "hook-secret",
                // Only its test message: an alert of the other test still on its way stays out.
                "categories", List.of("test")))
        .post("/api/v1/channels")
        .then()
        .statusCode(201);
    statuses.add(503);
    // The channel reaches the notifier through Kafka; the test message follows it there.
    String alertId =
        admin().post("/api/v1/channels/ops/test").then().statusCode(202).extract().path("alert_id");

    await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(alertId).contains("retrying"));
    cluster.workers.get("notifier").kill();
    assertThat(delivered).isEmpty();
    cluster.startNotifier(Map.of());

    await().atMost(Duration.ofSeconds(60)).until(() -> outcomes(alertId).contains("delivered"));
    assertThat(delivered).hasSize(1);
    assertThat(delivered.get(0)).startsWith(alertId + ":ops ").contains("\"category\":\"test\"");
    assertThat(answered).containsExactly(503, 200);
    assertThat(outcomes(alertId)).containsExactly("retrying", "delivered");
  }

  @Test
  void anUploadInsideItsAlertWindowReachesTheWebhookSigned() throws Exception {
    admin()
        .body(
            Map.of(
                "name", "expiry",
                "type", "webhook",
                "url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/expiry",
                "secret", "expiry-secret",
                "categories", List.of("expiring")))
        .post("/api/v1/channels")
        .then()
        .statusCode(201);
    TestPki.Issued root = TestPki.rootCa("alert system test root");
    Instant now = Instant.now();
    TestPki.Issued leaf =
        TestPki.leaf(
            root,
            TestPki.ecKey(),
            now.minus(Duration.ofDays(60)),
            now.plus(Duration.ofDays(3)),
            "soon.alert.test");
    admin()
        .body(
            Map.of(
                "name", "soon",
                "tls_cert", TestPki.pem(leaf.certificate()),
                "tls_key", leaf.pkcs8Pem()))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);

    await().atMost(Duration.ofSeconds(30)).until(() -> !expiry.isEmpty());
    String[] received = expiry.get(0).split(" ", 2);
    assertThat(WebhookReceiver.verified("expiry-secret", received[0], received[1])).isTrue();
    assertThat(received[1])
        .contains("\"category\":\"expiring\"")
        .contains("\"certificate\":\"soon\"");
    assertThat(expiry).hasSize(1);
  }
}
