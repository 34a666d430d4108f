package dev.certflow.api.rest;

import static dev.certflow.api.testing.Api.admin;
import static dev.certflow.api.testing.Api.upload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import dev.certflow.api.testing.Api;
import dev.certflow.api.testing.InfraResource;
import dev.certflow.testing.TestPki;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * With {@code CERTFLOW_METRICS_TOKEN}, a scrape must bear it (or an API token), and then the
 * metrics name the certificates that need attention, soonest first.
 */
@QuarkusTest
@TestProfile(MetricsAccessTest.Guarded.class)
@WithTestResource(value = InfraResource.class, scope = TestResourceScope.GLOBAL)
class MetricsAccessTest {

  static final String TOKEN = "metrics-scrape-token";

  /** The module's test settings with a metrics token. */
  public static class Guarded implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("certflow.metrics-token", TOKEN);
    }
  }

  @Test
  void aScrapeWithoutTheTokenIsRefused() {
    given()
        .get("/q/metrics")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("Bearer"))
        .body("detail", containsString("CERTFLOW_METRICS_TOKEN"));
    given().auth().oauth2("not-" + TOKEN).get("/q/metrics").then().statusCode(401);
    given().auth().oauth2(InfraResource.ADMIN_TOKEN).get("/q/metrics").then().statusCode(200);
  }

  @Test
  void behindTheTokenTheMetricsNameWhatNeedsAttention() {
    Instant now = Instant.now();
    TestPki.Issued soon =
        TestPki.leaf(
            Api.CA.INTERMEDIATE,
            TestPki.ecKey(),
            now.minus(Duration.ofDays(85)),
            now.plus(Duration.ofDays(5)),
            "metered.example.test");
    admin().body(upload("metered", soon)).post("/api/v1/certificates").then().statusCode(201);
    admin()
        .body(upload("unmetered", "unmetered.example.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);

    // The gauges refresh within seconds of a change.
    String line =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    given()
                        .auth()
                        .oauth2(TOKEN)
                        .get("/q/metrics")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()
                        .lines()
                        .filter(
                            l ->
                                l.startsWith(
                                    "certflow_certificate_expiry_seconds{name=\"metered\"}"))
                        .findFirst()
                        .orElse(null),
                Objects::nonNull);
    double seconds = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    assertThat(seconds).isBetween(4 * 86400.0, 5 * 86400.0);
    String metrics = given().auth().oauth2(TOKEN).get("/q/metrics").then().extract().asString();
    // Only what is expiring or expired is named: a fleet's worth would make scrapes megabytes.
    assertThat(metrics).doesNotContain("name=\"unmetered\"");
  }
}
