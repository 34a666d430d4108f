package dev.certflow.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.sun.net.httpserver.HttpServer;
import dev.certflow.testing.TestInfra;
import dev.certflow.testing.TestPki;
import dev.certflow.testing.TlsProbe;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole system as a user starts it: {@code bin/certflow up --local-ca} (Kafka, PostgreSQL, the
 * five services, two proxy agents, Pebble and Knot, each its own process), then every flow through
 * the public API, checked where a user would see it: TLS handshakes on both agents and a webhook
 * receiver. Only the launcher's state directory, database, ports and agent addresses differ from
 * the defaults, so a developer's own cluster can keep running beside it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WholeSystemTest {

  private static final Duration ISSUANCE = Duration.ofSeconds(90);
  private static final String DATABASE = "certflow_whole_system_test";
  private static final String WEBHOOK_SECRET = "whole-system-hook-secret";

  /**
   * Eight days and 40 s: a certificate with buffer_days 8 is due for renewal 40 s after issuance,
   * the others are valid (more than the 7 days that count as expiring) and not due for days.
   */
  private static final int BUFFER_DAYS = 8;

  private static final long LOCAL_CA_VALIDITY = BUFFER_DAYS * 86_400L + 40;

  private final Path root =
      Path.of(System.getProperty("certflow.root", "..")).toAbsolutePath().normalize();
  private final Map<String, String> env = new HashMap<>();
  private final List<String[]> hooks = new CopyOnWriteArrayList<>();
  private Path state;
  private HttpServer receiver;
  private String api;
  private String adminToken;
  private final List<String> agentIps = List.of("127.0.0.41", "127.0.0.42");
  private int agentTlsPort;

  @BeforeAll
  void up() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          hooks.add(
              new String[] {
                exchange.getRequestHeaders().getFirst("X-Certflow-Signature"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
              });
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();

    state = Files.createTempDirectory("certflow-whole-system");
    TestInfra.dropDatabase(DATABASE);
    int apiPort = TestInfra.freePort();
    agentTlsPort = TestInfra.freePort();
    api = "http://127.0.0.1:" + apiPort;
    env.put("CERTFLOW_STATE_DIR", state.toString());
    env.put("CERTFLOW_DB_NAME", DATABASE);
    env.put("CERTFLOW_API_PORT", String.valueOf(apiPort));
    env.put("CERTFLOW_KAFKA_PORT", String.valueOf(TestInfra.freePort()));
    env.put("CERTFLOW_KAFKA_CONTROLLER_PORT", String.valueOf(TestInfra.freePort()));
    env.put("CERTFLOW_GATEWAY_PORT", String.valueOf(TestInfra.freePort()));
    env.put("CERTFLOW_WORKER_PORT", String.valueOf(TestInfra.freePort()));
    env.put("CERTFLOW_NOTIFIER_PORT", String.valueOf(TestInfra.freePort()));
    env.put("CERTFLOW_LOCAL_DNS_PORT", String.valueOf(TestInfra.freePort()));
    env.put("CERTFLOW_PEBBLE_PORT", String.valueOf(TestInfra.freePort()));
    env.put("CERTFLOW_PEBBLE_MANAGEMENT_PORT", String.valueOf(TestInfra.freePort()));
    env.put("CERTFLOW_AGENT_TLS_PORT", String.valueOf(agentTlsPort));
    env.put("CERTFLOW_AGENT_HTTP_PORT", String.valueOf(TestInfra.freePort()));
    env.put("CERTFLOW_AGENT_IP_BASE", "40");
    env.put("CERTFLOW_LOCAL_CA_VALIDITY", String.valueOf(LOCAL_CA_VALIDITY));
    // Passed through to the services: look for due renewals every second, not every minute.
    env.put("CERTFLOW_RENEWAL_CHECK", "1s");
    String out = certflow("up", "--local-ca");
    assertThat(out).contains("certflow is up.");
    adminToken = Files.readString(state.resolve("admin-token")).trim();

    admin()
        .body(
            Map.of(
                "name",
                "ops-hook",
                "type",
                "webhook",
                "url",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                "secret",
                WEBHOOK_SECRET,
                "categories",
                List.of("expiring", "issued", "renewed")))
        .post("/api/v1/channels")
        .then()
        .statusCode(201);
  }

  @AfterAll
  void down() throws Exception {
    if (state != null) {
      certflow("down");
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  @Order(1)
  void http01IsAnsweredByWhicheverAgentTheCaReachesAndServedByBoth() throws Exception {
    // shop.* resolves to agent-1 (the zone's wildcard); agent-2.* only to agent-2.
    create(
        Map.of(
            "name",
            "shop",
            "acme",
            "local",
            "domains",
            "shop.certflow.test,agent-2.certflow.test"));

    String serial = awaitServedByBoth("shop", "agent-2.certflow.test");
    X509Certificate leaf = handshake(agentIps.get(1), "shop.certflow.test");
    assertThat(leaf.getSerialNumber().toString(16)).isEqualTo(serial);
    assertThat(names(leaf))
        .containsExactlyInAnyOrder("shop.certflow.test", "agent-2.certflow.test");
    assertThat(leaf.getIssuerX500Principal().getName()).contains("Pebble");
    awaitHook("issued", "shop");
  }

  @Test
  @Order(2)
  void dns01IssuesAWildcardThroughTheGatewayAndTheLocalDnsServer() throws Exception {
    create(
        Map.of(
            "name", "wild",
            "acme", "local",
            "domains", "*.wild.certflow.test",
            "dns_challenge", true,
            "dns_provider", "rfc2136",
            "dns_service_url", "$ENV:DNS_LOCAL"));

    awaitServedByBoth("wild", "anything.wild.certflow.test");
    assertThat(names(handshake(agentIps.get(0), "other.wild.certflow.test")))
        .containsExactly("*.wild.certflow.test");
  }

  @Test
  @Order(3)
  void aCertificateInsideItsWindowIsRenewedByTheSchedulerAndTheNewOneServed() throws Exception {
    create(
        Map.of(
            "name",
            "renewing",
            "acme",
            "local",
            "domains",
            "renew.certflow.test",
            "buffer_days",
            BUFFER_DAYS));
    String first = awaitServedByBoth("renewing", "renew.certflow.test");

    // Nobody asks: the local CA's short lifetime reaches buffer_days 40 s after issuance.
    await("renewal by the scheduler")
        .atMost(ISSUANCE.plusSeconds(LOCAL_CA_VALIDITY - BUFFER_DAYS * 86_400L))
        .untilAsserted(
            () -> admin().get("/api/v1/certificates/renewing").then().body("version", equalTo(2)));
    String second = awaitServedByBoth("renewing", "renew.certflow.test");
    assertThat(second).isNotEqualTo(first);
    awaitHook("renewed", "renewing");
  }

  @Test
  @Order(4)
  void anUploadIsServedAlertedAsExpiringSignedAndGoneAfterDelete() throws Exception {
    TestPki.Issued root = TestPki.rootCa("whole system test root");
    TestPki.Issued intermediate = TestPki.intermediateCa(root, "whole system test intermediate");
    Instant now = Instant.now();
    TestPki.Issued leaf =
        TestPki.leaf(
            intermediate,
            TestPki.ecKey(),
            now.minus(Duration.ofDays(80)),
            now.plus(Duration.ofDays(5)),
            "upload.whole.test");
    create(
        Map.of(
            "name",
            "uploaded",
            "tls_cert",
            TestPki.pem(leaf.certificate(), intermediate.certificate()),
            "tls_key",
            leaf.pkcs8Pem(),
            "buffer_days",
            10));
    String serial = leaf.certificate().getSerialNumber().toString(16);
    for (String ip : agentIps) {
      await("agent " + ip + " serves the upload")
          .atMost(Duration.ofSeconds(30))
          .until(() -> serial.equals(TlsProbe.serial(ip, agentTlsPort, "upload.whole.test")));
      assertThat(TlsProbe.handshake(ip, agentTlsPort, "upload.whole.test")).hasSize(2);
    }

    String[] hook = awaitHook("expiring", "uploaded");
    assertThat(WebhookReceiver.verified(WEBHOOK_SECRET, hook[0], hook[1])).isTrue();

    admin().delete("/api/v1/certificates/uploaded").then().statusCode(204);
    for (String ip : agentIps) {
      await("agent " + ip + " no longer serves the upload")
          .atMost(Duration.ofSeconds(30))
          .until(() -> !serial.equals(TlsProbe.serial(ip, agentTlsPort, "upload.whole.test")));
    }
    admin().get("/api/v1/certificates/uploaded").then().statusCode(404);
  }

  @Test
  @Order(5)
  void statusShowsEveryProcessAndReportsOneThatDied() throws Exception {
    String again = certflow("up", "--local-ca");
    assertThat(again).contains("certflow is up.").doesNotContain("starting");

    String status = certflow("status");
    for (String process :
        List.of(
            "kafka",
            "postgres",
            "knot",
            "pebble",
            "cert-api",
            "dns-gateway",
            "acme-worker",
            "notifier",
            "agent-1",
            "agent-2")) {
      assertThat(status).containsPattern("(?m)^" + process + " .* (ready|up)$");
    }
    assertThat(status).doesNotContain("not ready").doesNotContain("DEAD");

    long pid = Long.parseLong(Files.readString(state.resolve("run/agent-2.pid")).trim());
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    assertThat(certflow("status")).containsPattern("(?m)^agent-2 .*DEAD");
  }

  /**
   * {@code up --https}: certflow orders cert-api's own certificate from the local CA, agent-1
   * writes it like any other, and cert-api serves HTTPS with it on its port, plain HTTP no more.
   */
  @Test
  @Order(6)
  void withHttpsCertApiServesTheCertificateCertflowIssuedForIt() throws Exception {
    String out = certflow("up", "--local-ca", "--https");
    int port = URI.create(api).getPort();
    assertThat(out).contains("https://api.certflow.test:" + port);
    Process curl =
        new ProcessBuilder(
                "curl",
                "-sS",
                "--fail-with-body",
                "--resolve",
                "api.certflow.test:" + port + ":127.0.0.1",
                "--cacert",
                state.resolve("pebble/issuer-root.pem").toString(),
                "-H",
                "Authorization: Bearer " + adminToken,
                "https://api.certflow.test:" + port + "/api/v1/certificates/certflow-api")
            .redirectErrorStream(true)
            .start();
    String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(curl.exitValue()).as(body).isZero();
    assertThat(body).contains("\"name\":\"certflow-api\"").contains("api.certflow.test");
    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(URI.create(api + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                        HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
    assertThat(certflow("status")).containsPattern("(?m)^cert-api .*https://127.0.0.1:" + port);
  }

  // --- helpers ---------------------------------------------------------------------------------

  private RequestSpecification admin() {
    return given().baseUri(api).auth().oauth2(adminToken).contentType(ContentType.JSON);
  }

  private void create(Map<String, Object> body) {
    admin().body(body).post("/api/v1/certificates").then().statusCode(201);
  }

  /** Waits until the certificate is valid and both agents present its serial; returns it. */
  private String awaitServedByBoth(String name, String host) {
    await(name + " valid")
        .atMost(ISSUANCE)
        .untilAsserted(
            () ->
                admin()
                    .get("/api/v1/certificates/" + name)
                    .then()
                    .body("status", equalTo("valid")));
    String serial = admin().get("/api/v1/certificates/" + name).then().extract().path("serial");
    for (String ip : agentIps) {
      await("agent " + ip + " serves " + name)
          .atMost(Duration.ofSeconds(30))
          .until(() -> serial.equals(TlsProbe.serial(ip, agentTlsPort, host)));
    }
    return serial;
  }

  private X509Certificate handshake(String ip, String host) throws IOException {
    return TlsProbe.handshake(ip, agentTlsPort, host)[0];
  }

  private static List<String> names(X509Certificate leaf) throws Exception {
    return leaf.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
  }

  /** The webhook delivery (signature, body) of that category for that certificate. */
  private String[] awaitHook(String category, String certificate) {
    return await(category + " alert for " + certificate + " at the webhook")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                hooks.stream()
                    .filter(
                        h -> {
                          JsonPath body = JsonPath.from(h[1]);
                          return category.equals(body.getString("category"))
                              && certificate.equals(body.getString("certificate"));
                        })
                    .findFirst()
                    .orElse(null),
            Objects::nonNull);
  }

  /** Runs bin/certflow with this test's environment; returns its output, failing on non-zero. */
  private String certflow(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("bin/certflow").toString());
    command.addAll(List.of(args));
    Path output = Files.createTempFile(state, "certflow-" + args[0], ".out");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("bin/certflow " + String.join(" ", args) + " hung");
    }
    String text = Files.readString(output);
    assertThat(process.exitValue())
        .as(
            "bin/certflow %s exited with %d:%n%s",
            String.join(" ", args), process.exitValue(), text)
        .isZero();
    return text;
  }
}
