package dev.certflow.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.certflow.testing.HeadlessChromium;
import dev.certflow.testing.TestInfra;
import dev.certflow.testing.TestKnot;
import dev.certflow.testing.TlsProbe;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Utils;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Flow 2 end to end: a real ACME server (Pebble) validating over HTTP-01 against the proxy agents,
 * names resolved by a real DNS server (Knot), and every part a separate process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AcmeSystemTest {

  private static final Duration ISSUANCE = Duration.ofSeconds(60);

  private LocalCluster cluster;
  private TestKnot knot;
  private Pebble pebble;
  private Pebble slowPebble;
  private Map<String, String> workerEnv;

  @BeforeAll
  void start() throws Exception {
    cluster = new LocalCluster();
    int agentHttpPort = TestInfra.freePort();
    // Every name resolves to agent-1, except "two" which only agent-2 can answer.
    knot =
        new TestKnot(
            cluster.work, Map.of("*", "127.0.0.31", "two", "127.0.0.32", "nowhere", "127.0.0.99"));
    cluster.secret(knot.tsigSecret);
    pebble = new Pebble(cluster.work, agentHttpPort, knot.address(), Map.of());
    // Validates after up to 3 s and rejects 30 % of nonces: room to kill a worker mid-order.
    slowPebble =
        new Pebble(
            cluster.work,
            agentHttpPort,
            knot.address(),
            Map.of(
                "PEBBLE_VA_NOSLEEP",
                "0",
                "PEBBLE_VA_SLEEPTIME",
                "3",
                "PEBBLE_WFE_NONCEREJECT",
                "30"));
    cluster.startKafka();
    cluster.startCertApi(
        true,
        Map.of(
            "CERTFLOW_ACME_CAS", "lets_encrypt,local,slow",
            "CERTFLOW_RENEWAL_CHECK", "1s",
            "CERTFLOW_CAS_LOCAL_DIRECTORY", pebble.directory(),
            "CERTFLOW_CAS_LOCAL_TRUST", pebble.trust.toString(),
            "CERTFLOW_CAS_SLOW_DIRECTORY", slowPebble.directory(),
            "CERTFLOW_CAS_SLOW_TRUST", slowPebble.trust.toString()));
    cluster.startAgent("agent-1", "127.0.0.31", agentHttpPort, Map.of());
    cluster.startAgent("agent-2", "127.0.0.32", agentHttpPort, Map.of());
    String gateway = cluster.startDnsGateway(Map.of("DNS_LOCAL", knot.serviceUrl()));
    workerEnv =
        Map.of(
            "CERTFLOW_CAS_LOCAL_DIRECTORY", pebble.directory(),
            "CERTFLOW_CAS_LOCAL_TRUST", pebble.trust.toString(),
            "CERTFLOW_CAS_SLOW_DIRECTORY", slowPebble.directory(),
            "CERTFLOW_CAS_SLOW_TRUST", slowPebble.trust.toString(),
            "CERTFLOW_DNS_GATEWAY_URL", gateway);
    cluster.startWorker("worker-1", workerEnv);
    cluster.startWorker("worker-2", workerEnv);
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (pebble != null) {
      pebble.stop();
    }
    if (slowPebble != null) {
      slowPebble.stop();
    }
    if (knot != null) {
      knot.close();
    }
  }

  private RequestSpecification admin() {
    return cluster.admin();
  }

  private String awaitServedEverywhere(String name, String host) {
    await(name + " valid")
        .atMost(ISSUANCE)
        .untilAsserted(
            () ->
                admin()
                    .get("/api/v1/certificates/" + name)
                    .then()
                    .body("status", equalTo("valid")));
    String serial = admin().get("/api/v1/certificates/" + name).then().extract().path("serial");
    for (LocalCluster.Agent agent : cluster.agents.values()) {
      await(agent.id() + " serves " + name)
          .atMost(Duration.ofSeconds(30))
          .until(() -> serial.equals(TlsProbe.serial(agent.ip(), agent.tlsPort(), host)));
    }
    return serial;
  }

  @Test
  void http01WithSeveralDomainsWhereOneReachesOnlyTheOtherAgent() throws Exception {
    admin()
        .body(
            Map.of(
                "name", "web", "acme", "local", "domains", "web.certflow.test,two.certflow.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201)
        .body("status", equalTo("pending"));

    awaitServedEverywhere("web", "two.certflow.test");
    LocalCluster.Agent agent = cluster.agents.get("agent-1");
    X509Certificate[] chain = TlsProbe.handshake(agent.ip(), agent.tlsPort(), "web.certflow.test");
    assertThat(
            chain[0].getSubjectAlternativeNames().stream()
                .map(n -> String.valueOf(n.get(1)))
                .toList())
        .containsExactlyInAnyOrder("web.certflow.test", "two.certflow.test");
    assertThat(chain[0].getIssuerX500Principal().getName()).contains("Pebble");
    admin().get("/api/v1/certificates/web/versions").then().body("[0].source", equalTo("acme"));
  }

  @Test
  void dns01IssuesAWildcardWithItsBaseNameThroughTheGateway() throws Exception {
    admin()
        .body(
            Map.of(
                "name", "wild",
                "acme", "local",
                "domains", "*.wild.certflow.test,wild.certflow.test",
                "dns_challenge", true,
                "dns_provider", "rfc2136",
                "dns_service_url", "$ENV:DNS_LOCAL"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201)
        .body("dns_service_url", equalTo("$ENV:DNS_LOCAL"));

    awaitServedEverywhere("wild", "anything.wild.certflow.test");
    LocalCluster.Agent agent = cluster.agents.get("agent-2");
    X509Certificate leaf = TlsProbe.handshake(agent.ip(), agent.tlsPort(), "wild.certflow.test")[0];
    assertThat(
            leaf.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
        .containsExactlyInAnyOrder("*.wild.certflow.test", "wild.certflow.test");
  }

  @Test
  void renewNowIssuesANewVersionServedByTheAgents() {
    admin()
        .body(Map.of("name", "renewed", "acme", "local", "domains", "renewed.certflow.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    String first = awaitServedEverywhere("renewed", "renewed.certflow.test");

    admin().post("/api/v1/certificates/renewed/renew").then().statusCode(202);
    await()
        .atMost(ISSUANCE)
        .untilAsserted(
            () -> admin().get("/api/v1/certificates/renewed").then().body("version", equalTo(2)));
    String second = awaitServedEverywhere("renewed", "renewed.certflow.test");
    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void workerKilledMidOrderLeavesExactlyOneNewVersion() throws Exception {
    admin()
        .body(Map.of("name", "killed", "acme", "slow", "domains", "killed.certflow.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);

    // The worker that took the order, once its HTTP-01 token is out (the CA validates later).
    String holder =
        await("a worker presents the token")
            .atMost(ISSUANCE)
            .until(
                () -> {
                  boolean presented =
                      cluster.agents.values().stream()
                          .anyMatch(
                              a ->
                                  !given()
                                      .get("http://" + a.ip() + ":" + a.httpPort() + "/status")
                                      .then()
                                      .extract()
                                      .jsonPath()
                                      .getList("challenges")
                                      .isEmpty());
                  return presented ? workerLogging("ordering [killed.certflow.test]") : null;
                },
                Objects::nonNull);
    cluster.workers.get(holder).kill();

    awaitServedEverywhere("killed", "killed.certflow.test");
    admin().get("/api/v1/certificates/killed/versions").then().body("size()", equalTo(1));
    cluster.startWorker(holder, workerEnv);
  }

  @Test
  void aWorkerWorksOnSeveralOrdersOfOnePartitionAtOnce() throws Exception {
    // Three certificates whose orders share a partition of the orders topic (keyed by name, 12
    // partitions by default), so one worker gets all three; the slow CA validates each after up
    // to 3 s. Before, a worker's partitions were split among its threads and orders of one
    // partition ran one after another.
    List<String> names = new ArrayList<>();
    int partition = -1;
    for (int i = 0; names.size() < 3; i++) {
      String name = "together-" + i;
      int p = Utils.toPositive(Utils.murmur2(name.getBytes(StandardCharsets.UTF_8))) % 12;
      if (partition < 0 || p == partition) {
        partition = p;
        names.add(name);
      }
    }
    for (String name : names) {
      admin()
          .body(Map.of("name", name, "acme", "slow", "domains", name + ".certflow.test"))
          .post("/api/v1/certificates")
          .then()
          .statusCode(201);
    }
    for (String name : names) {
      awaitServedEverywhere(name, name + ".certflow.test");
    }

    // Every order started before the first of them was issued.
    String holder = workerLogging("ordering [" + names.get(0) + ".certflow.test]");
    String log = Files.readString(cluster.work.resolve(holder + ".log"));
    int lastStarted =
        names.stream()
            .mapToInt(n -> log.indexOf("ordering [" + n + ".certflow.test]"))
            .max()
            .orElseThrow();
    int firstIssued =
        names.stream()
            .mapToInt(
                n -> {
                  Matcher issued =
                      Pattern.compile("certificate " + n + ", order \\S+: issued by").matcher(log);
                  return issued.find() ? issued.start() : Integer.MAX_VALUE;
                })
            .min()
            .orElseThrow();
    assertThat(names)
        .allSatisfy(n -> assertThat(log).contains("ordering [" + n + ".certflow.test]"));
    assertThat(lastStarted).isLessThan(firstIssued);
  }

  /** Which worker's log has the line, if any. */
  private String workerLogging(String line) throws IOException {
    for (String id : List.of("worker-1", "worker-2")) {
      Path log = cluster.work.resolve(id + ".log");
      if (Files.exists(log) && Files.readString(log).contains(line)) {
        return id;
      }
    }
    return null;
  }

  @Test
  void caDownFailsRetryablyAndBacksOffWithoutAHotLoop() {
    int closed = TestInfra.freePort();
    admin()
        .body(
            Map.of(
                "name",
                "ca-down",
                "acme",
                "https://127.0.0.1:" + closed + "/dir",
                "domains",
                "down.certflow.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);

    await()
        .atMost(ISSUANCE)
        .untilAsserted(
            () ->
                admin()
                    .get("/api/v1/certificates/ca-down")
                    .then()
                    .body("status", equalTo("failed")));
    admin()
        .get("/api/v1/certificates/ca-down")
        .then()
        .body("attempts", equalTo(1))
        .body("last_error", containsString("could not be reached"))
        .body("last_error", Matchers.not(containsString("[final]")));
    await("no new attempt before the back-off ends")
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                admin()
                    .get("/api/v1/certificates/ca-down")
                    .then()
                    .body("attempts", equalTo(1))
                    .body("order_in_flight", equalTo(false)));
  }

  @Test
  void invalidChallengeFailsWithTheCaDetailAndBacksOff() {
    Instant before = Instant.now();
    admin()
        .body(Map.of("name", "unreachable", "acme", "local", "domains", "nowhere.certflow.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);

    await()
        .atMost(ISSUANCE)
        .untilAsserted(
            () ->
                admin()
                    .get("/api/v1/certificates/unreachable")
                    .then()
                    .body("status", equalTo("failed")));
    String next =
        admin()
            .get("/api/v1/certificates/unreachable")
            .then()
            .body("attempts", equalTo(1))
            .body("last_error", containsString("[final]"))
            .body("last_error", containsString("127.0.0.99"))
            .extract()
            .path("next_attempt_at");
    assertThat(Instant.parse(next)).isAfter(before.plusSeconds(55));
  }

  /** Issue 6: an operator adds an ACME certificate in the browser, watches it, renews, deletes. */
  @Test
  void anOperatorIssuesRenewsAndDeletesThroughTheBrowser() throws Exception {
    WebDriver browser = HeadlessChromium.start();
    try {
      JavascriptExecutor js = (JavascriptExecutor) browser;
      cluster.signIn(browser);
      browser.get(cluster.api() + "/#/add");
      // The form may render again once the session has loaded (issue 18: typed text can be
      // lost): fill it until it holds the values, then submit that form.
      await("the add form holds what was typed")
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .until(
              () -> {
                fill(browser, "name", "browser");
                fill(browser, "domains", "browser.certflow.test");
                js.executeScript("document.querySelector(\"[name='acme']\").value = 'local';");
                return "browser".equals(browser.findElement(By.name("name")).getAttribute("value"))
                    && "local"
                        .equals(
                            js.executeScript(
                                "return document.querySelector(\"[name='acme']\").value;"));
              });
      browser.findElement(By.cssSelector("form button[type=submit]")).click();

      // Issued first (a timeout then names the API's status and last error), then shown.
      await("browser issued")
          .atMost(ISSUANCE)
          .untilAsserted(
              () ->
                  admin()
                      .get("/api/v1/certificates/browser")
                      .then()
                      .statusCode(200)
                      .body("status", equalTo("valid")));
      await("browser valid in the UI")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions() // the details page may not have rendered yet on a given poll
          .until(
              () -> {
                browser.get(cluster.api() + "/#/certificates/browser");
                browser.navigate().refresh();
                return browser.findElement(By.cssSelector("dl.facts")).getText().contains("valid");
              });
      HeadlessChromium.screenshot(browser, Path.of("target", "screenshots"), "acme-details");
      String first = admin().get("/api/v1/certificates/browser").then().extract().path("serial");

      browser.findElement(By.id("renew")).click();
      await("browser renewed")
          .atMost(ISSUANCE)
          .until(
              () ->
                  !first.equals(
                      admin().get("/api/v1/certificates/browser").then().extract().path("serial")));
      browser.navigate().refresh();
      browser.findElement(By.xpath("//td[text()='2']"));

      browser.findElement(By.id("delete")).click();
      browser.switchTo().alert().accept();
      browser.findElement(By.xpath("//h1[text()='Certificate Management']"));
      admin().get("/api/v1/certificates/browser").then().statusCode(404);
    } finally {
      browser.quit();
    }
  }

  private static void fill(WebDriver browser, String name, String text) {
    var field = browser.findElement(By.name(name));
    field.clear();
    field.sendKeys(text);
  }
}
