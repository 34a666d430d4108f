package dev.certflow.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import com.sun.net.httpserver.HttpServer;
import dev.certflow.testing.TestPki;
import dev.certflow.testing.TlsProbe;
import io.restassured.specification.RequestSpecification;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Flow 1 end to end with every part a separate process: uploads reach both agents over real TLS;
 * crashes of cert-api, an agent or Kafka lose nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PropagationSystemTest {

  private static final Duration ROLLOUT = Duration.ofSeconds(30);
  private static final TestPki.Issued ROOT = TestPki.rootCa("system test root");
  private static final TestPki.Issued CA = TestPki.intermediateCa(ROOT, "system test intermediate");

  private LocalCluster cluster;
  private HttpServer upstream;

  @BeforeAll
  void startCluster() throws Exception {
    upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.createContext(
        "/",
        exchange -> {
          byte[] body =
              ("upstream saw " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    upstream.start();
    cluster = new LocalCluster();
    cluster.startKafka();
    cluster.startCertApi(true);
    cluster.startAgent("agent-1", "127.0.0.21", Map.of());
    cluster.startAgent(
        "agent-2",
        "127.0.0.22",
        Map.of("CERTFLOW_UPSTREAM", "127.0.0.1:" + upstream.getAddress().getPort()));
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (upstream != null) {
      upstream.stop(0);
    }
  }

  private RequestSpecification admin() {
    return cluster.admin();
  }

  private Map<String, Object> upload(String name, TestPki.Issued leaf, boolean isDefault) {
    return Map.of(
        "name",
        name,
        "tls_cert",
        TestPki.pem(leaf.certificate(), CA.certificate()),
        "tls_key",
        leaf.pkcs8Pem(),
        "is_default",
        isDefault);
  }

  private String servedBy(LocalCluster.Agent agent, String serverName) {
    return TlsProbe.serial(agent.ip(), agent.tlsPort(), serverName);
  }

  private void awaitEverywhere(String serverName, String serial) {
    for (LocalCluster.Agent agent : cluster.agents.values()) {
      await(agent.id() + " serves " + serial + " for " + serverName)
          .atMost(ROLLOUT)
          .until(() -> serial.equals(servedBy(agent, serverName)));
    }
  }

  @Test
  void uploadReplaceAndDeleteReachEveryAgent() throws Exception {
    TestPki.Issued first = TestPki.leaf(CA, 90, "www.flow.test", "*.api.flow.test");
    admin().body(upload("flow", first, false)).post("/api/v1/certificates").then().statusCode(201);

    awaitEverywhere("www.flow.test", first.serialHex());
    awaitEverywhere("WWW.FLOW.TEST", first.serialHex());
    awaitEverywhere("v1.api.flow.test", first.serialHex());
    for (LocalCluster.Agent agent : cluster.agents.values()) {
      assertThat(servedBy(agent, "a.v1.api.flow.test")).isNotEqualTo(first.serialHex());
      X509Certificate[] chain = TlsProbe.handshake(agent.ip(), agent.tlsPort(), "www.flow.test");
      assertThat(chain).hasSize(2);
      assertThat(chain[1]).isEqualTo(CA.certificate());
      await()
          .atMost(ROLLOUT)
          .until(
              () ->
                  Files.exists(agent.certDir().resolve("flow/fullchain.pem"))
                      && Files.readString(agent.certDir().resolve("flow/fullchain.pem"))
                          .startsWith(first.certPem()));
    }
    await()
        .atMost(ROLLOUT)
        .untilAsserted(
            () ->
                admin()
                    .get("/api/v1/certificates/flow")
                    .then()
                    .body("deployed_to.findAll { it.state == 'current' }.size()", equalTo(2)));

    TestPki.Issued second = TestPki.leaf(CA, 60, "www.flow.test", "*.api.flow.test");
    admin()
        .body(upload("flow", second, false))
        .put("/api/v1/certificates/flow")
        .then()
        .statusCode(200)
        .body("version", equalTo(2));
    awaitEverywhere("www.flow.test", second.serialHex());
    await()
        .atMost(ROLLOUT)
        .untilAsserted(
            () ->
                admin()
                    .get("/api/v1/certificates/flow")
                    .then()
                    .body("deployed_to.findAll { it.state == 'current' }.size()", equalTo(2))
                    .body("deployed_to.serial", everyItem(equalTo(second.serialHex()))));

    admin().delete("/api/v1/certificates/flow").then().statusCode(204);
    for (LocalCluster.Agent agent : cluster.agents.values()) {
      await()
          .atMost(ROLLOUT)
          .until(() -> !second.serialHex().equals(servedBy(agent, "www.flow.test")));
      await().atMost(ROLLOUT).until(() -> !Files.exists(agent.certDir().resolve("flow")));
    }
  }

  @Test
  void defaultCertificateAndUpstreamPassThrough() throws Exception {
    TestPki.Issued fallback = TestPki.leaf(CA, 90, "default.flow.test");
    admin()
        .body(upload("default", fallback, true))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    awaitEverywhere(null, fallback.serialHex());
    awaitEverywhere("unknown.elsewhere.test", fallback.serialHex());

    LocalCluster.Agent proxy = cluster.agents.get("agent-2");
    HttpResponse<String> response =
        insecureClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("https://" + proxy.ip() + ":" + proxy.tlsPort() + "/hello"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.body()).isEqualTo("upstream saw /hello");
    admin().delete("/api/v1/certificates/default").then().statusCode(204);
  }

  /**
   * deployed_to and the agents overview come from each node's position in the certificates topic,
   * not from a listing of what it serves: with thousands of certificates they must still say
   * exactly what each node serves, as a handshake finds it.
   */
  @Test
  void deployedToIsExactWithThousandsOfCertificates() throws Exception {
    int count = 2_000;
    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<Future<?>> uploads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "many-" + i;
      uploads.add(
          clients.submit(
              () ->
                  admin()
                      .body(upload(name, TestPki.leaf(CA, 90, name + ".many.test"), false))
                      .post("/api/v1/certificates")
                      .then()
                      .statusCode(201)));
    }
    for (var upload : uploads) {
      upload.get();
    }
    await().atMost(Duration.ofMinutes(2)).until(() -> everyAgentCurrent());

    // A node that stops misses the next versions: it is behind on exactly those, and only there.
    LocalCluster.Agent stopped = cluster.agents.get("agent-2");
    stopped.process().stop();
    Set<String> replaced = new TreeSet<>();
    Map<String, String> serials = new HashMap<>();
    for (int i = 0; i < count; i += 100) {
      String name = "many-" + i;
      TestPki.Issued next = TestPki.leaf(CA, 90, name + ".many.test");
      admin()
          .body(upload(name, next, false))
          .put("/api/v1/certificates/" + name)
          .then()
          .statusCode(200);
      replaced.add(name);
      serials.put(name, next.serialHex());
    }
    LocalCluster.Agent running = cluster.agents.get("agent-1");
    for (String name : replaced) {
      await()
          .atMost(ROLLOUT)
          .until(() -> serials.get(name).equals(servedBy(running, name + ".many.test")));
    }
    await()
        .atMost(ROLLOUT)
        .untilAsserted(
            () -> assertThat(onNode("agent-2", "behind")).containsExactlyElementsOf(replaced));
    assertThat(onNode("agent-1", "behind")).isEmpty();
    assertThat(onNode("agent-1", "missing")).isEmpty();
    admin()
        .get("/api/v1/certificates/many-100")
        .then()
        .body("deployed_to.find { it.agent_id == 'agent-1' }.state", equalTo("current"))
        .body(
            "deployed_to.find { it.agent_id == 'agent-1' }.serial",
            equalTo(serials.get("many-100")))
        .body("deployed_to.find { it.agent_id == 'agent-2' }.state", equalTo("behind"));
    admin()
        .get("/api/v1/certificates/many-101")
        .then()
        .body("deployed_to.state", everyItem(equalTo("current")));

    cluster.startAgent("agent-2", stopped.ip(), stopped.httpPort(), Map.of());
    await().atMost(Duration.ofSeconds(60)).until(() -> everyAgentCurrent());
    for (String name : replaced) {
      assertThat(servedBy(cluster.agents.get("agent-2"), name + ".many.test"))
          .isEqualTo(serials.get(name));
    }
    clients.shutdown();
  }

  private boolean everyAgentCurrent() {
    var agents = admin().get("/api/v1/agents").then().statusCode(200).extract().jsonPath();
    List<Integer> behind = agents.getList("behind", Integer.class);
    List<Integer> missing = agents.getList("missing", Integer.class);
    List<Integer> current = agents.getList("current", Integer.class);
    List<Integer> certificates = agents.getList("certificates", Integer.class);
    return behind.size() == 2
        && behind.stream().allMatch(n -> n == 0)
        && missing.stream().allMatch(n -> n == 0)
        && current.equals(certificates);
  }

  /** What the API says one node serves in one state, every page of it. */
  private List<String> onNode(String agent, String state) {
    List<String> names = new ArrayList<>();
    String cursor = "";
    do {
      var page =
          admin()
              .get(
                  "/api/v1/agents/"
                      + agent
                      + "/certificates?size=200&state="
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

  @Test
  void agentKilledAndRestartedCatchesUp() throws Exception {
    LocalCluster.Agent agent = cluster.agents.get("agent-1");
    TestPki.Issued before = TestPki.leaf(CA, 90, "before.restart.test");
    admin()
        .body(upload("before-restart", before, false))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    awaitEverywhere("before.restart.test", before.serialHex());

    agent.process().kill();
    TestPki.Issued during = TestPki.leaf(CA, 90, "during.restart.test");
    admin()
        .body(upload("during-restart", during, false))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    cluster.startAgent("agent-1", agent.ip(), Map.of());

    assertThat(servedBy(agent, "before.restart.test"))
        .as("ready means caught up")
        .isEqualTo(before.serialHex());
    assertThat(servedBy(agent, "during.restart.test")).isEqualTo(during.serialHex());
  }

  @Test
  void certApiKilledRightAfterUploadsLosesNothing() throws Exception {
    List<TestPki.Issued> leaves = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      TestPki.Issued leaf = TestPki.leaf(CA, 90, "crash" + i + ".api.test");
      leaves.add(leaf);
      admin()
          .body(upload("crash-" + i, leaf, false))
          .post("/api/v1/certificates")
          .then()
          .statusCode(201);
    }
    cluster.certApi().kill();
    cluster.startCertApi(false);

    for (int i = 0; i < leaves.size(); i++) {
      awaitEverywhere("crash" + i + ".api.test", leaves.get(i).serialHex());
    }
    admin()
        .get("/api/v1/certificates/crash-9")
        .then()
        .statusCode(200)
        .body("serial", equalTo(leaves.get(9).serialHex()));
  }

  @Test
  void uploadsWhileKafkaIsDownArriveWhenItReturns() throws Exception {
    cluster.killKafka();
    List<TestPki.Issued> leaves = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      TestPki.Issued leaf = TestPki.leaf(CA, 90, "outage" + i + ".kafka.test");
      leaves.add(leaf);
      admin()
          .body(upload("outage-" + i, leaf, false))
          .post("/api/v1/certificates")
          .then()
          .statusCode(201);
    }
    given()
        .baseUri(cluster.api())
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'outbox' }.data.pending", equalTo(5));

    cluster.restartKafka();
    for (int i = 0; i < leaves.size(); i++) {
      awaitEverywhere("outage" + i + ".kafka.test", leaves.get(i).serialHex());
    }
  }

  private static HttpClient insecureClient() {
    return HttpClient.newBuilder()
        .sslContext(TlsProbe.trustingAll())
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }
}
