package dev.certflow.dns.rest;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.certflow.dns.testing.Gateway;
import dev.certflow.dns.testing.KnotResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway as it runs outside development: every call bears the token, only URLs sealed by
 * cert-api are taken, and a {@code $ENV:} name outside the prefixes reads as unset, with the same
 * answer as a variable that does not exist.
 */
@QuarkusTest
@TestProfile(GatewayLockdownTest.Locked.class)
@WithTestResource(value = KnotResource.class, scope = TestResourceScope.GLOBAL)
class GatewayLockdownTest {

  /** The module's test settings without the development allowance for plain URLs. */
  public static class Locked implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("certflow.dns-allow-plain-url", "false");
    }
  }

  private static Map<String, Object> plain(String url) {
    return Map.of(
        "provider", "rfc2136",
        "dns_service_url", url,
        "name", "_acme-challenge.locked.certflow.test",
        "value", "v");
  }

  @Test
  void everyCallBearsTheToken() {
    RestAssured.given().get("/api/v1/challenges/anything").then().statusCode(401);
    RestAssured.given()
        .header("Authorization", "Bearer not-" + Gateway.TOKEN)
        .get("/api/v1/challenges/anything")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    Gateway.given().get("/api/v1/challenges/anything").then().statusCode(404);
  }

  @Test
  void aPlainServiceUrlIsRefused() {
    Gateway.given()
        .contentType(ContentType.JSON)
        .body(plain(KnotResource.knot.serviceUrl()))
        .post("/api/v1/challenges")
        .then()
        .statusCode(400)
        .body("field", equalTo("dns_service_url"))
        .body("detail", containsString("sealed_dns_service_url"));
  }
}
