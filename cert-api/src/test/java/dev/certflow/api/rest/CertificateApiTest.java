package dev.certflow.api.rest;

import static dev.certflow.api.testing.Api.admin;
import static dev.certflow.api.testing.Api.upload;
import static dev.certflow.api.testing.Api.viewer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.certflow.api.pem.KeyPairCheck;
import dev.certflow.api.pem.PrivateKeyReader;
import dev.certflow.api.service.keys.SealCheck;
import dev.certflow.api.service.monitor.AlertMonitor;
import dev.certflow.api.testing.Api;
import dev.certflow.api.testing.InfraResource;
import dev.certflow.api.testing.Rows;
import dev.certflow.security.KeySealer;
import dev.certflow.testing.TestPki;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = InfraResource.class, scope = TestResourceScope.GLOBAL)
class CertificateApiTest {

  @Inject AlertMonitor alertMonitor;

  @Inject DataSource dataSource;
  @Inject SealCheck sealCheck;

  @Test
  void uploadShowsParsedFactsButNeverTheKey() {
    TestPki.Issued leaf =
        TestPki.leaf(Api.CA.INTERMEDIATE, 90, "shop.example.test", "*.shop.example.test");
    Map<String, Object> body = upload("shop", leaf);
    body.put("remark", "front door");

    String json =
        admin()
            .body(body)
            .post("/api/v1/certificates")
            .then()
            .statusCode(201)
            .header("Location", containsString("/api/v1/certificates/shop"))
            .body("name", equalTo("shop"))
            .body("domains", equalTo(List.of("shop.example.test", "*.shop.example.test")))
            .body("sans", equalTo(List.of("shop.example.test", "*.shop.example.test")))
            .body("serial", equalTo(leaf.serialHex()))
            .body("issuer", equalTo("CN=certflow test intermediate"))
            .body("subject", equalTo("CN=shop.example.test"))
            .body("chain_length", equalTo(2))
            .body("key_type", equalTo("EC"))
            .body("status", equalTo("valid"))
            .body("days_left", equalTo(89))
            .body("has_key", equalTo(true))
            .body("version", equalTo(1))
            .body("remark", equalTo("front door"))
            .extract()
            .asString();
    assertThat(json).doesNotContain("PRIVATE KEY").doesNotContain("tls_key");

    admin()
        .get("/api/v1/certificates/shop")
        .then()
        .statusCode(200)
        .body("serial", equalTo(leaf.serialHex()));
    admin()
        .body(upload("shop", "shop.example.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("field", equalTo("name"));
  }

  @Test
  void replaceKeepsHistoryAndSettingsChangeKeepsVersion() {
    admin()
        .body(upload("hist", "hist.example.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    TestPki.Issued second = TestPki.leaf(Api.CA.INTERMEDIATE, 60, "hist.example.test");
    Map<String, Object> replace = upload("hist", second);
    admin()
        .body(replace)
        .put("/api/v1/certificates/hist")
        .then()
        .statusCode(200)
        .body("version", equalTo(2))
        .body("serial", equalTo(second.serialHex()));
    admin()
        .body(Map.of("is_default", true, "buffer_days", 20))
        .put("/api/v1/certificates/hist")
        .then()
        .statusCode(200)
        .body("version", equalTo(2))
        .body("is_default", equalTo(true))
        .body("buffer_days", equalTo(20));
    admin()
        .get("/api/v1/certificates/hist/versions")
        .then()
        .statusCode(200)
        .body("version", equalTo(List.of(2, 1)))
        .body("[0].serial", equalTo(second.serialHex()))
        .body("[0].source", equalTo("upload"));
    admin()
        .body(Map.of("name", "other"))
        .put("/api/v1/certificates/hist")
        .then()
        .statusCode(400)
        .body("field", equalTo("name"));
    admin().body(Map.of("remark", "x")).put("/api/v1/certificates/nope").then().statusCode(404);
  }

  @Test
  void exportGivesChainAndKeyToAdminOnly() throws Exception {
    TestPki.Issued leaf = TestPki.leaf(Api.CA.INTERMEDIATE, 90, "export.example.test");
    admin().body(upload("export", leaf)).post("/api/v1/certificates").then().statusCode(201);

    String pem =
        admin()
            .get("/api/v1/certificates/export/export")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(pem)
        .startsWith(leaf.certPem())
        .contains(TestPki.pem(Api.CA.INTERMEDIATE.certificate()))
        .contains("-----BEGIN PRIVATE KEY-----");
    String keyPem = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----"));
    assertThat(
            KeyPairCheck.matches(PrivateKeyReader.read(keyPem), leaf.certificate().getPublicKey()))
        .isTrue();

    viewer()
        .get("/api/v1/certificates/export/export")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    viewer()
        .get("/api/v1/certificates/export")
        .then()
        .statusCode(200)
        .body("name", equalTo("export"));
  }

  @Test
  void authIsRequiredAndViewersOnlyRead() {
    given()
        .get("/api/v1/certificates")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("Bearer"));
    given().auth().oauth2("wrong").get("/api/v1/certificates").then().statusCode(401);
    viewer().get("/api/v1/certificates").then().statusCode(200);
    viewer()
        .body(upload("by-viewer", "viewer.example.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(403);
    viewer().delete("/api/v1/certificates/shop").then().statusCode(403);
    admin().get("/api/v1/certificates/by-viewer").then().statusCode(404);
    given().get("/q/health/ready").then().statusCode(200);
  }

  @Test
  void deleteRemovesCertificateAndHistory() {
    admin()
        .body(upload("gone", "gone.example.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    admin().delete("/api/v1/certificates/gone").then().statusCode(204);
    admin()
        .get("/api/v1/certificates/gone")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    admin().get("/api/v1/certificates/gone/versions").then().statusCode(404);
    admin().delete("/api/v1/certificates/gone").then().statusCode(404);
  }

  @Test
  void listPagesAndFilters() {
    for (int i = 0; i < 5; i++) {
      admin()
          .body(upload("page-" + i, "p" + i + ".paging.test"))
          .post("/api/v1/certificates")
          .then()
          .statusCode(201);
    }
    admin()
        .body(upload("page-wild", "*.paging.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);

    admin()
        .queryParam("domain", "p3.paging.test")
        .get("/api/v1/certificates")
        .then()
        .statusCode(200)
        .body("total", equalTo(2))
        .body("items.name", equalTo(List.of("page-3", "page-wild")));
    admin()
        .queryParam("domain", "*.PAGING.test")
        .queryParam("size", 2)
        .queryParam("page", 0)
        .get("/api/v1/certificates")
        .then()
        .body("items.name", equalTo(List.of("page-wild")));

    int total = admin().get("/api/v1/certificates").then().extract().path("total");
    List<String> all =
        admin()
            .queryParam("size", 500)
            .get("/api/v1/certificates")
            .then()
            .extract()
            .path("items.name");
    assertThat(all).hasSize(total).isSorted();
    List<String> second =
        admin()
            .queryParam("size", 2)
            .queryParam("page", 1)
            .get("/api/v1/certificates")
            .then()
            .extract()
            .path("items.name");
    assertThat(second).containsExactlyElementsOf(all.subList(2, 4));

    admin()
        .queryParam("status", "expired")
        .get("/api/v1/certificates")
        .then()
        .body("items.status", not(hasItems("valid")));
    admin()
        .queryParam("status", "nonsense")
        .get("/api/v1/certificates")
        .then()
        .statusCode(400)
        .body("field", equalTo("status"));
    admin()
        .queryParam("size", 0)
        .get("/api/v1/certificates")
        .then()
        .statusCode(400)
        .body("field", equalTo("size"));
    admin()
        .queryParam("page", "x")
        .get("/api/v1/certificates")
        .then()
        .statusCode(400)
        .body("field", equalTo("page"));
  }

  @Test
  void metricsCountWithoutNamingAndOpenApiDescribesTheApi() {
    // Without CERTFLOW_METRICS_TOKEN the metrics are open, so they count and never name
    // (MetricsAccessTest has the named series behind the token).
    TestPki.Issued soon =
        TestPki.leaf(
            Api.CA.INTERMEDIATE,
            TestPki.ecKey(),
            Instant.now().minus(Duration.ofDays(85)),
            Instant.now().plus(Duration.ofDays(5)),
            "counted.example.test");
    admin().body(upload("counted", soon)).post("/api/v1/certificates").then().statusCode(201);
    String metrics =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> given().get("/q/metrics").then().statusCode(200).extract().asString(),
                m -> m.matches("(?s).*certflow_certificates\\{status=\"expiring\"\\} [1-9].*"));
    assertThat(metrics).containsPattern("certflow_certificates\\{status=\"valid\"\\} [1-9]");
    assertThat(metrics).contains("certflow_certificate_earliest_expiry_seconds");
    assertThat(metrics).contains("certflow_outbox_pending");
    assertThat(metrics).doesNotContain("certflow_certificate_expiry_seconds{name=");
    assertThat(metrics).doesNotContain("counted");

    given()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(containsString("/api/v1/certificates/{name}/export"));
  }

  @Test
  void idnDomainsAreKeptAsPunycode() {
    Map<String, Object> body = upload("idn", "xn--bcher-kva.example");
    body.put("domains", "Bücher.example");
    admin()
        .body(body)
        .post("/api/v1/certificates")
        .then()
        .statusCode(201)
        .body("domains", equalTo(List.of("xn--bcher-kva.example")));
  }

  @Test
  void acmeCertificateIsPendingAndCredentialsAreRedacted() {
    Map<String, Object> body =
        Map.of(
            "name", "acme-pending",
            "acme", true,
            "domains", "*.dns.example.test,dns.example.test",
            "dns_challenge", true,
            "dns_provider", "cloudflare",
            "dns_service_url", "https://api.cloudflare.com?token=very-secret-token");
    String json =
        admin()
            .body(body)
            .post("/api/v1/certificates")
            .then()
            .statusCode(201)
            .body("status", equalTo("pending"))
            .body("has_key", equalTo(false))
            .body("serial", nullValue())
            .body("dns_service_url", equalTo("https://api.cloudflare.com?token=***"))
            .extract()
            .asString();
    assertThat(json).doesNotContain("very-secret-token");
    admin().get("/api/v1/certificates/acme-pending/export").then().statusCode(409);
  }

  @Test
  void aRowSealedUnderAnotherMasterKeyIsFlaggedWhileTheListIsServed() throws Exception {
    admin()
        .body(
            Map.of(
                "name", "foreign-seal",
                "acme", true,
                "domains", "foreign.dns.example.test",
                "dns_challenge", true,
                "dns_provider", "cloudflare",
                "dns_service_url", "https://api.cloudflare.com?token=t"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    // As after a restore from another installation (issue 15): sealed under a key not held here.
    String foreign =
        KeySealer.fromBase64(KeySealer.generateKey())
            .seal("https://x".getBytes(StandardCharsets.UTF_8), new byte[0]);
    assertThat(
            Rows.update(
                dataSource,
                "update certificate set dns_service_url_sealed = ? where name = ?",
                foreign,
                "foreign-seal"))
        .isEqualTo(1);

    admin()
        .get("/api/v1/certificates?name=foreign")
        .then()
        .statusCode(200)
        .body("items.find { it.name == 'foreign-seal' }.warnings[0]", containsString("master key"))
        .body("items.find { it.name == 'foreign-seal' }.dns_service_url", nullValue());
    admin()
        .get("/api/v1/certificates/foreign-seal")
        .then()
        .statusCode(200)
        .body("warnings[0]", containsString("master key"));
    admin().delete("/api/v1/certificates/foreign-seal").then().statusCode(204);
  }

  @Test
  void theStartCheckCountsAKeySealedUnderAnotherMasterKey() throws Exception {
    admin().body(upload("foreign-key", "foreign-key.example.test")).post("/api/v1/certificates");
    SealCheck.Verdict before = sealCheck.verdict();
    assertThat(before.checked()).isPositive();
    String foreignKey =
        KeySealer.fromBase64(KeySealer.generateKey())
            .seal(
                new byte[] {1, 2, 3},
                "certflow-master:private-key:foreign-key".getBytes(StandardCharsets.UTF_8));
    assertThat(
            Rows.update(
                dataSource,
                "update certificate_version set sealed_key = ? where certificate_id ="
                    + " (select id from certificate where name = ?)",
                foreignKey,
                "foreign-key"))
        .isEqualTo(1);

    SealCheck.Verdict after = sealCheck.verdict();
    assertThat(after.checked() - after.opened()).isEqualTo(1);
    assertThat(after.foreign()).isFalse(); // the others open: start, and flag the one
    assertThat(new SealCheck.Verdict(5, 0).foreign()).isTrue();
    assertThat(new SealCheck.Verdict(0, 0).foreign()).isFalse(); // an empty database
    assertThat(after.unopened()).containsExactly("foreign-key");

    // An operator must act: one alert names the certificate and the fix, and clears after.
    awaitAlertAfterAScan(
        "find { it.category == 'sealed_elsewhere' }.message",
        allOf(containsString("foreign-key"), containsString("CERTFLOW_MASTER_KEY")));
    admin().delete("/api/v1/certificates/foreign-key").then().statusCode(204);
    awaitAlertAfterAScan(
        "find { it.category == 'recovered' && it.message.contains('sealed_elsewhere') }",
        notNullValue());
  }

  @Test
  void aMalformedDnsServiceUrlIsRefusedWhenSavedAndNothingIsStored() {
    Map<String, String> wrong =
        Map.of(
            "aliyun", "https://alidns.aliyuncs.com?access_key_id=AK",
            "huawei", "https://dns.cn-north-4.myhuaweicloud.com?access_key=AK&access_key_secret=S",
            "tencent", "$ENV:not a name",
            "cf", "ftp://api.cloudflare.com?token=t",
            "rfc2136", "rfc2136://127.0.0.1:53?tsig_name=k&tsig_secret=not*base64");
    wrong.forEach(
        (provider, url) -> {
          Map<String, Object> body = new HashMap<>();
          body.put("name", "bad-url-" + provider);
          body.put("acme", true);
          body.put("domains", "bad.example.test");
          body.put("dns_challenge", true);
          body.put("dns_provider", provider);
          body.put("dns_service_url", url);
          String answer =
              admin()
                  .body(body)
                  .post("/api/v1/certificates")
                  .then()
                  .statusCode(400)
                  .contentType("application/problem+json")
                  .body("field", equalTo("dns_service_url"))
                  .extract()
                  .asString();
          assertThat(answer).as(provider).doesNotContain("not*base64");
          admin().get("/api/v1/certificates/bad-url-" + provider).then().statusCode(404);
        });
  }

  @Test
  void envReferencesAreAcceptedForEveryProvider() {
    for (String provider : List.of("cloudflare", "aliyun", "huawei", "tencent", "rfc2136")) {
      Map<String, Object> body = new HashMap<>();
      body.put("name", "env-url-" + provider);
      body.put("acme", true);
      body.put("domains", "env.example.test");
      body.put("dns_challenge", true);
      body.put("dns_provider", provider);
      body.put("dns_service_url", "$ENV:CERTFLOW_DNS_" + provider.toUpperCase(Locale.ROOT));
      admin().body(body).post("/api/v1/certificates").then().statusCode(201);
      admin().delete("/api/v1/certificates/env-url-" + provider).then().statusCode(204);
    }
  }

  /** Scans (as the monitor's own schedule would) until the latest alerts match at the path. */
  private void awaitAlertAfterAScan(String path, Matcher<?> matcher) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              alertMonitor.scan();
              admin().get("/api/v1/alerts?limit=20").then().body(path, matcher);
            });
  }
}
