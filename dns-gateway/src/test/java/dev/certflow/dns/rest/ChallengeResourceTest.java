package dev.certflow.dns.rest;

import static dev.certflow.dns.testing.Gateway.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;

import com.sun.net.httpserver.HttpServer;
import dev.certflow.dns.provider.Rfc2136Provider;
import dev.certflow.dns.provider.ServiceUrl;
import dev.certflow.dns.provider.cloud.CloudflareEmulation;
import dev.certflow.dns.provider.cloud.VendorEmulation;
import dev.certflow.dns.testing.KnotResource;
import dev.certflow.events.OrderCommand;
import dev.certflow.security.KeySealer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The gateway's REST API against a real Knot server. */
@QuarkusTest
@WithTestResource(value = KnotResource.class, scope = TestResourceScope.GLOBAL)
class ChallengeResourceTest {

  private static RequestSpecification json() {
    return given().contentType(ContentType.JSON);
  }

  private static Map<String, Object> body(String name, String value) {
    Map<String, Object> body = new HashMap<>();
    body.put("provider", "rfc2136");
    body.put("dns_service_url", KnotResource.knot.serviceUrl());
    body.put("name", name);
    body.put("value", value);
    return body;
  }

  @Test
  void presentsReportsPropagationAndCleansUp() {
    String id =
        json()
            .body(body("_acme-challenge.www.certflow.test", "token-1"))
            .post("/api/v1/challenges")
            .then()
            .statusCode(201)
            .body("zone", equalTo("certflow.test."))
            .body("name", equalTo("_acme-challenge.www.certflow.test."))
            .extract()
            .path("id");
    awaitAnswered(id, true);
    given().get("/api/v1/challenges/" + id).then().body("state", equalTo("propagated"));

    given().delete("/api/v1/challenges/" + id).then().statusCode(204);
    given().delete("/api/v1/challenges/" + id).then().statusCode(204); // harmless when repeated
    awaitAnswered(id, false); // gone from every authoritative server
  }

  /** Waits until every authoritative server answers the value (or, with false, none does). */
  private static void awaitAnswered(String id, boolean answered) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                given()
                    .get("/api/v1/challenges/" + id)
                    .then()
                    .body("propagated", equalTo(answered))
                    .body("servers.values()", everyItem(equalTo(answered))));
  }

  @Test
  void anIdNoGatewayMadeIsUnknownNotQuietlyAccepted() {
    for (String id : List.of("not-a-challenge", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")) {
      given()
          .get("/api/v1/challenges/" + id)
          .then()
          .statusCode(404)
          .contentType("application/problem+json");
      given()
          .delete("/api/v1/challenges/" + id)
          .then()
          .statusCode(404)
          .contentType("application/problem+json");
    }
  }

  @Test
  void followsACnameAtTheChallengeName() {
    json()
        .body(body("_acme-challenge.delegated.certflow.test", "delegated-token"))
        .post("/api/v1/challenges")
        .then()
        .statusCode(201)
        .body("name", equalTo("_acme-challenge.target.certflow.test."));
  }

  @Test
  void opensUrlsSealedByCertApiForThatCertificateAndItsNamesOnly() {
    List<String> domains = List.of("*.sealed.certflow.test", "sealed.certflow.test");
    String sealed =
        KeySealer.fromBase64(KnotResource.DNS_KEY)
            .seal(
                KnotResource.knot.serviceUrl().getBytes(StandardCharsets.UTF_8),
                OrderCommand.dnsUrlAad("shop", domains));
    Map<String, Object> request = body("_acme-challenge.sealed.certflow.test", "v");
    request.remove("dns_service_url");
    request.put("sealed_dns_service_url", sealed);
    request.put("certificate", "shop");
    request.put("domains", domains);
    json().body(request).post("/api/v1/challenges").then().statusCode(201);

    request.put("certificate", "other");
    refused(request, "sealed_dns_service_url");

    // The seal covers the domains: adding a name of one's own does not open it...
    request.put("certificate", "shop");
    request.put("domains", List.of("sealed.certflow.test", "victim.certflow.test"));
    request.put("name", "_acme-challenge.victim.certflow.test");
    refused(request, "sealed_dns_service_url");
    // ...and the record must be one of the sealed names'.
    request.put("domains", domains);
    refused(request, "name");
  }

  private static ValidatableResponse refused(Map<String, Object> request, String field) {
    return json()
        .body(request)
        .post("/api/v1/challenges")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("field", equalTo(field));
  }

  @Test
  void badRequestsNameTheFieldAndNeverEchoSecrets() {
    Map<String, Object> request = body("_acme-challenge.x.certflow.test", "v");
    request.put("provider", "godaddy");
    json()
        .body(request)
        .post("/api/v1/challenges")
        .then()
        .statusCode(400)
        .body("field", equalTo("provider")) // the field at fault (before: dns_service_url)
        .body("detail", containsString("godaddy"));
    request.put("provider", "rfc2136");
    request.put("dns_service_url", "rfc2136://127.0.0.1:1?tsig_name=k");
    json()
        .body(request)
        .post("/api/v1/challenges")
        .then()
        .statusCode(400)
        .body("detail", containsString("tsig_secret"));
    request.remove("name");
    json()
        .body(request)
        .post("/api/v1/challenges")
        .then()
        .statusCode(400)
        .body("field", equalTo("name"));
    Map<String, Object> wrongSecret = body("_acme-challenge.y.certflow.test", "v");
    wrongSecret.put(
        "dns_service_url",
        KnotResource.knot
            .serviceUrl()
            .replace(KnotResource.knot.tsigSecret, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
    json()
        .body(wrongSecret)
        .post("/api/v1/challenges")
        .then()
        .statusCode(422)
        .body("detail", containsString("rfc2136:"))
        .body("detail", not(containsString(KnotResource.knot.tsigSecret)));
    json().body("{").post("/api/v1/challenges").then().statusCode(400);
  }

  @Test
  void manualProviderShowsTheRecordAndWaitsForIt() throws Exception {
    Map<String, Object> request = body("_acme-challenge.manual.certflow.test", "by-hand");
    request.put("provider", "manual");
    request.remove("dns_service_url");
    String id =
        json()
            .body(request)
            .post("/api/v1/challenges")
            .then()
            .statusCode(201)
            .body("state", equalTo("waiting_for_manual_record"))
            .body(
                "instructions",
                containsString("_acme-challenge.manual.certflow.test. TXT \"by-hand\""))
            .extract()
            .path("id");

    // The person creates the record at their DNS host.
    new Rfc2136Provider(ServiceUrl.parse(KnotResource.knot.serviceUrl(), n -> null), 5)
        .present("certflow.test.", "_acme-challenge.manual.certflow.test.", "by-hand");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> given().get("/api/v1/challenges/" + id).then().body("propagated", equalTo(true)));
  }

  /** A cloud provider through the API: its emulated account holds the zone Knot serves. */
  @Test
  void cloudProvidersPresentAndPassTheVendorsRetryAfterOn() {
    try (CloudflareEmulation cloudflare =
        new CloudflareEmulation("cf-token", List.of("certflow.test"))) {
      Map<String, Object> body = body("_acme-challenge.cf.certflow.test", "cf-value");
      body.put("provider", "cf");
      body.put("dns_service_url", cloudflare.baseUrl() + "?token=cf-token");
      json().body(body).post("/api/v1/challenges").then().statusCode(201);
      Assertions.assertThat(cloudflare.txtValues("_acme-challenge.cf.certflow.test"))
          .containsExactly("cf-value");

      cloudflare.failNext(VendorEmulation.Fault.RATE_LIMITED);
      body.put("value", "cf-other");
      json()
          .body(body)
          .post("/api/v1/challenges")
          .then()
          .statusCode(503)
          .header("Retry-After", "7")
          .body("detail", containsString("cloudflare: rate limited"))
          .body("detail", not(containsString("cf-token")));
    }
  }

  /**
   * A cloud provider's credentials go to the vendor's API only: a URL naming another host (here a
   * listener on 127.0.0.2, which the module's settings do not allow) is refused before any request
   * is made.
   */
  @Test
  void aCloudUrlNamingAForeignHostIsRefusedAndNothingIsSentThere() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    HttpServer foreign = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
    foreign.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          exchange.sendResponseHeaders(500, -1);
          exchange.close();
        });
    foreign.start();
    try {
      for (String provider : new String[] {"cloudflare", "aliyun", "huawei", "tencent"}) {
        Map<String, Object> body = body("_acme-challenge.foreign.certflow.test", "v");
        body.put("provider", provider);
        String credentials =
            provider.equals("cloudflare")
                ? "token=$ENV:DNS_CF_TOKEN"
                : "access_key_id=AK&access_key_secret=$ENV:DNS_CF_TOKEN";
        body.put(
            "dns_service_url",
            "http://127.0.0.2:" + foreign.getAddress().getPort() + "?" + credentials);
        refused(body, "dns_service_url")
            .body(
                "detail", containsString(provider + ": dns_service_url must be the vendor's API"));
      }
      Assertions.assertThat(requests).hasValue(0);
    } finally {
      foreign.stop(0);
    }
  }

  @Test
  void aMalformedCloudUrlIsRefusedNamingTheParameter() {
    Map<String, Object> body = body("_acme-challenge.x.certflow.test", "v");
    body.put("provider", "aliyun");
    body.put("dns_service_url", "https://alidns.aliyuncs.com?access_key_id=AK");
    json()
        .body(body)
        .post("/api/v1/challenges")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("access_key_secret"));
  }

  @Test
  void anEnvNameOutsideThePrefixesReadsAsUnsetAndTheAnswerSaysNoMore() {
    // CERTFLOW_DNS_KEY is set in the gateway; DNS_NEVER_SET is not: both answers look alike.
    for (String name : new String[] {"CERTFLOW_DNS_KEY", "PATH", "DNS_NEVER_SET"}) {
      Map<String, Object> body = body("_acme-challenge.env.certflow.test", "v");
      body.put("dns_service_url", "$ENV:" + name);
      json()
          .body(body)
          .post("/api/v1/challenges")
          .then()
          .statusCode(400)
          .body("field", equalTo("dns_service_url"))
          .body(
              "detail",
              equalTo(
                  "dns_service_url: $ENV:"
                      + name
                      + " is not provided to dns-gateway (a variable"
                      + " named with one of CERTFLOW_DNS_ENV_PREFIXES, set in the gateway's environment)"));
    }
  }
}
