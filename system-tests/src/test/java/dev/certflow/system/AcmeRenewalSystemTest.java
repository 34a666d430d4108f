package dev.certflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import dev.certflow.events.RenewalCertId;
import dev.certflow.testing.HeadlessChromium;
import dev.certflow.testing.TestInfra;
import dev.certflow.testing.TestKnot;
import dev.certflow.testing.TlsProbe;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * ACME as the best clients do it, against real CAs: Pebble behind {@link PebbleFront} (renewal
 * information and profiles) as {@code ari}, a second Pebble as {@code backup}; every part of
 * certflow a separate process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AcmeRenewalSystemTest {

  private static final Duration ISSUANCE = Duration.ofSeconds(60);
  private static final String ACME = "urn:ietf:params:acme:error:";

  private LocalCluster cluster;
  private TestKnot knot;
  private Pebble pebble;
  private Pebble backup;
  private PebbleFront front;

  @BeforeAll
  void start() throws Exception {
    cluster = new LocalCluster();
    int agentHttpPort = TestInfra.freePort();
    knot = new TestKnot(cluster.work, Map.of("*", "127.0.0.41"));
    cluster.secret(knot.tsigSecret);
    pebble = new Pebble(cluster.work, agentHttpPort, knot.address(), Map.of());
    backup = new Pebble(cluster.work, agentHttpPort, knot.address(), Map.of());
    front = new PebbleFront(pebble);
    front.retryAfter(Duration.ofSeconds(1));
    Map<String, String> cas =
        Map.of(
            "CERTFLOW_CAS_ARI_DIRECTORY", front.directory(),
            "CERTFLOW_CAS_ARI_TRUST", pebble.trust.toString(),
            "CERTFLOW_CAS_BACKUP_DIRECTORY", backup.directory(),
            "CERTFLOW_CAS_BACKUP_TRUST", backup.trust.toString());
    cluster.startKafka();
    java.util.HashMap<String, String> api = new java.util.HashMap<>(cas);
    api.putAll(
        Map.of(
            "CERTFLOW_ACME_CAS", "ari,backup",
            "CERTFLOW_ACME_DEFAULT_CA", "ari",
            "CERTFLOW_RENEWAL_CHECK", "1s",
            "CERTFLOW_RENEWAL_INFO_CHECK", "1s",
            "CERTFLOW_RENEWAL_INFO_MIN_INTERVAL", "1s"));
    cluster.startCertApi(true, api);
    cluster.startAgent("agent-1", "127.0.0.41", agentHttpPort, Map.of());
    cluster.startWorker("worker-1", cas);
  }

  @AfterEach
  void clearFailures() {
    front.failEveryOrder(null);
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (front != null) {
      front.close();
    }
    for (Pebble ca : new Pebble[] {pebble, backup}) {
      if (ca != null) {
        ca.stop();
      }
    }
    if (knot != null) {
      knot.close();
    }
  }

  private RequestSpecification admin() {
    return cluster.admin();
  }

  private void create(Map<String, Object> body) {
    admin().body(body).post("/api/v1/certificates").then().statusCode(201);
  }

  private JsonPath certificate(String name) {
    return admin().get("/api/v1/certificates/" + name).then().extract().jsonPath();
  }

  /** Waits for the version, then for agent-1 to serve it; returns the served leaf. */
  private X509Certificate awaitServed(String name, int version) throws Exception {
    await(name + " version " + version)
        .atMost(ISSUANCE)
        .until(() -> Integer.valueOf(version).equals(certificate(name).get("version")));
    String serial = certificate(name).getString("serial");
    LocalCluster.Agent agent = cluster.agents.get("agent-1");
    String host = certificate(name).getList("domains", String.class).get(0);
    await("agent-1 serves " + name)
        .atMost(Duration.ofSeconds(30))
        .until(() -> serial.equals(TlsProbe.serial(agent.ip(), agent.tlsPort(), host)));
    return TlsProbe.handshake(agent.ip(), agent.tlsPort(), host)[0];
  }

  /** Waits until Pebble itself holds the certificate as revoked. */
  private void awaitRevoked(X509Certificate leaf) {
    await("Pebble has " + leaf.getSerialNumber().toString(16) + " revoked")
        .atMost(ISSUANCE)
        .until(() -> "Revoked".equals(pebble.status(leaf.getSerialNumber())));
  }

  private List<String> alertCategories(String name) {
    return admin()
        .queryParam("certificate", name)
        .get("/api/v1/alerts")
        .then()
        .extract()
        .jsonPath()
        .getList("category", String.class);
  }

  @Test
  void renewalFollowsTheCasWindowAndAWindowInThePastRenewsAtOnceReplacingTheOld() throws Exception {
    create(
        Map.of(
            "name", "ari", "acme", "ari", "domains", "ari.certflow.test", "profile", "shortlived"));
    X509Certificate first = awaitServed("ari", 1);
    String firstId = RenewalCertId.of(first).orElseThrow();
    assertThat(front.issued(firstId).order().profile()).isEqualTo("shortlived");
    assertThat(front.issued(firstId).order().replaces()).isNull();

    // The CA's window, read and shown; renewal planned inside it.
    await("renewal window from the CA")
        .atMost(Duration.ofSeconds(30))
        .until(() -> "ari".equals(certificate("ari").get("renewal_window.source")));
    JsonPath shown = certificate("ari");
    Instant start = Instant.parse(shown.getString("renewal_window.start"));
    Instant end = Instant.parse(shown.getString("renewal_window.end"));
    Instant planned = Instant.parse(shown.getString("next_attempt_at"));
    assertThat(planned).isBetween(start, end);
    assertThat(shown.getString("issued_by_ca")).isEqualTo("ari");
    // Asked again after the CA's Retry-After (1 s here), not once.
    await().atMost(Duration.ofSeconds(20)).until(() -> front.renewalInfoAsked(firstId) >= 3);

    // The CA moves the window into the past (a revocation is coming): renewed at once.
    front.window(firstId, Instant.now().minusSeconds(7200), Instant.now().minusSeconds(60));
    X509Certificate second = awaitServed("ari", 2);
    PebbleFront.Issued renewed = front.issued(RenewalCertId.of(second).orElseThrow());
    assertThat(renewed.order().replaces()).isEqualTo(firstId);
    assertThat(renewed.order().profile()).isEqualTo("shortlived");
    assertThat(alertCategories("ari")).contains("renewed");
  }

  @Test
  void aProfileTheCaDoesNotOfferIsRefusedWhenSavedAndTheCasAreListed() {
    admin()
        .body(
            Map.of("name", "nope", "acme", "ari", "domains", "nope.certflow.test", "profile", "x9"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("field", equalTo("profile"))
        .body("errors[0].detail", containsString("shortlived"));
    admin().get("/api/v1/certificates/nope").then().statusCode(404);
    // backup (Pebble alone) lists none.
    admin()
        .body(
            Map.of(
                "name",
                "nope",
                "acme",
                "backup",
                "domains",
                "nope.certflow.test",
                "profile",
                "classic"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(400)
        .body("field", equalTo("profile"));

    admin()
        .get("/api/v1/cas")
        .then()
        .statusCode(200)
        .body("find { it.name == 'ari' }.renewal_info", equalTo(true))
        .body("find { it.name == 'ari' }.profiles.shortlived", notNullValue())
        .body("find { it.name == 'backup' }.renewal_info", equalTo(false));
  }

  @Test
  void aFinalFailureAtTheFirstCaFallsBackToTheNextAndSaysSo() throws Exception {
    front.failEveryOrder(
        new PebbleFront.Failure(400, ACME + "rejectedIdentifier", "policy forbids the name", null));
    create(
        Map.of(
            "name", "fallback",
            "acme", List.of("ari", "backup"),
            "domains", "fallback.certflow.test"));
    X509Certificate leaf = awaitServed("fallback", 1);
    assertThat(leaf.getIssuerX500Principal().getName()).contains("Pebble");
    JsonPath shown = certificate("fallback");
    assertThat(shown.getString("issued_by_ca")).isEqualTo("backup");
    assertThat(shown.getList("acme_cas", String.class)).containsExactly("ari", "backup");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> alertCategories("fallback").contains("ca_fallback"));
    // The next order tries the first CA again.
    front.failEveryOrder(null);
    admin().post("/api/v1/certificates/fallback/renew").then().statusCode(202);
    awaitServed("fallback", 2);
    assertThat(certificate("fallback").getString("issued_by_ca")).isEqualTo("ari");
  }

  @Test
  void revokingRevokesAtTheCaAndOrdersAReplacement() throws Exception {
    create(Map.of("name", "revoked", "acme", "ari", "domains", "revoked.certflow.test"));
    X509Certificate first = awaitServed("revoked", 1);
    admin()
        .body(Map.of("reason", "nonsense"))
        .post("/api/v1/certificates/revoked/revoke")
        .then()
        .statusCode(400)
        .body("field", equalTo("reason"));

    admin()
        .body(Map.of("reason", "key_compromise"))
        .post("/api/v1/certificates/revoked/revoke")
        .then()
        .statusCode(202)
        .body("revocation.state", equalTo("requested"));
    awaitRevoked(first);
    X509Certificate second = awaitServed("revoked", 2);
    assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
    assertThat(pebble.status(second.getSerialNumber())).isEqualTo("Valid");
    admin()
        .get("/api/v1/certificates/revoked/versions")
        .then()
        .body("find { it.version == 1 }.revocation_state", equalTo("revoked"));
    assertThat(alertCategories("revoked")).contains("revoked");
  }

  @Test
  void aDeletedCertificateMayBeRevokedFirst() throws Exception {
    create(Map.of("name", "gone", "acme", "ari", "domains", "gone.certflow.test"));
    X509Certificate leaf = awaitServed("gone", 1);
    admin().delete("/api/v1/certificates/gone?revoke=maybe").then().statusCode(400);
    admin().delete("/api/v1/certificates/gone?revoke=true").then().statusCode(204);
    awaitRevoked(leaf);
    admin().get("/api/v1/certificates/gone").then().statusCode(404);
  }

  @Test
  void aRateLimitHoldsTheCaUntilRetryAfterAndAPauseRaisesOneAlertWithItsLink() throws Exception {
    front.failNextOrder(
        new PebbleFront.Failure(429, ACME + "rateLimited", "too many certificates", 15));
    create(Map.of("name", "limited", "acme", "ari", "domains", "limited.certflow.test"));
    await("ari on hold")
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                admin()
                    .get("/api/v1/cas/ari")
                    .then()
                    .body("hold.kind", equalTo("rate_limited"))
                    .body("hold.active", equalTo(true)));
    admin()
        .post("/api/v1/certificates/limited/renew")
        .then()
        .statusCode(409)
        .body("field", equalTo("acme"));
    // Ordered once the Retry-After has passed.
    awaitServed("limited", 1);

    String unpause = "https://127.0.0.1:" + front.port + "/sfe/v1/unpause?jwt=abc.def";
    front.failEveryOrder(
        new PebbleFront.Failure(
            429,
            ACME + "rateLimited",
            "Your account is temporarily prevented from requesting certificates for"
                + " paused.certflow.test and possibly others. Please visit: "
                + unpause,
            null));
    create(Map.of("name", "paused-1", "acme", "ari", "domains", "paused.certflow.test"));
    await("ari paused")
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                admin()
                    .get("/api/v1/cas/ari")
                    .then()
                    .body("hold.kind", equalTo("paused"))
                    .body("hold.unpause_url", equalTo(unpause)));
    // A second certificate is not ordered at all while the CA is paused.
    create(Map.of("name", "paused-2", "acme", "ari", "domains", "paused2.certflow.test"));
    assertThat(certificate("paused-2").getString("last_error")).contains(unpause);
    assertThat(certificate("paused-2").getBoolean("order_in_flight")).isFalse();
    List<String> pauses =
        admin()
            .queryParam("limit", 500)
            .get("/api/v1/alerts")
            .then()
            .extract()
            .jsonPath()
            .getList("findAll { it.category == 'account_paused' }.message", String.class);
    assertThat(pauses).hasSize(1);
    assertThat(pauses.get(0)).contains(unpause);

    // The owner lifts the pause and resumes: both are issued.
    front.failEveryOrder(null);
    admin().delete("/api/v1/cas/ari/hold").then().statusCode(204);
    awaitServed("paused-1", 1);
    awaitServed("paused-2", 1);
    admin().delete("/api/v1/cas/ari/hold").then().statusCode(404);
    admin().get("/api/v1/cas").then().body("name", hasItem("ari"));
  }

  @Test
  void theConsoleOffersTheCasProfilesShowsTheWindowAndRevokes() throws Exception {
    create(Map.of("name", "console", "acme", "ari", "domains", "console.certflow.test"));
    X509Certificate leaf = awaitServed("console", 1);
    await("renewal window from the CA")
        .atMost(Duration.ofSeconds(30))
        .until(() -> "ari".equals(certificate("console").get("renewal_window.source")));
    WebDriver browser = HeadlessChromium.start();
    try {
      JavascriptExecutor js = (JavascriptExecutor) browser;
      cluster.signIn(browser);

      browser.get(cluster.api() + "/#/add");
      await("the CA's profiles offered")
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .until(
              () ->
                  ((List<?>)
                          js.executeScript(
                              "return [...document.querySelector(\"[name='profile']\").options]"
                                  + ".map(o => o.value);"))
                      .containsAll(List.of("", "classic", "shortlived")));

      browser.get(cluster.api() + "/#/certificates/console");
      await("the details")
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .until(
              () ->
                  browser
                      .findElement(By.cssSelector("dl.facts"))
                      .getText()
                      .contains("the CA's renewal information"));
      js.executeScript("document.getElementById('revoke-reason').value = 'superseded';");
      browser.findElement(By.id("revoke")).click();
      browser.switchTo().alert().accept();
      awaitRevoked(leaf);
      assertThat(
              admin()
                  .get("/api/v1/certificates/console/versions")
                  .then()
                  .extract()
                  .jsonPath()
                  .getString("find { it.version == 1 }.revocation_state"))
          .isIn("requested", "revoked");
    } finally {
      browser.quit();
    }
  }
}
