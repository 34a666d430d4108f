package dev.certflow.api.rest;

import static dev.certflow.api.testing.Api.admin;
import static dev.certflow.api.testing.Api.upload;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.certflow.api.testing.Api;
import dev.certflow.api.testing.InfraResource;
import dev.certflow.testing.TestPki;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every upload rule: a 400 problem naming the field, and nothing stored. */
@QuarkusTest
@WithTestResource(value = InfraResource.class, scope = TestResourceScope.GLOBAL)
class CertificateValidationTest {

  private static ValidatableResponse refused(Map<String, Object> body, String field) {
    ValidatableResponse response =
        admin()
            .body(body)
            .post("/api/v1/certificates")
            .then()
            .statusCode(400)
            .contentType("application/problem+json")
            .body("status", equalTo(400))
            .body("field", equalTo(field))
            .body("errors.field", hasItem(field));
    Object name = body.get("name");
    if (name instanceof String n && !n.isBlank() && n.length() < 65) {
      admin().get("/api/v1/certificates/{name}", n).then().statusCode(404);
    }
    return response;
  }

  @Test
  void keyThatDoesNotMatchTheLeaf() {
    Map<String, Object> body = upload("v-mismatch", "mismatch.example.test");
    body.put("tls_key", TestPki.leaf(Api.CA.INTERMEDIATE, 30, "other.example.test").pkcs8Pem());
    refused(body, "tls_key").body("errors[0].detail", containsString("does not match"));
  }

  @Test
  void chainOutOfOrder() {
    TestPki.Issued leaf = TestPki.leaf(Api.CA.INTERMEDIATE, 30, "order.example.test");
    Map<String, Object> body = upload("v-order", leaf);
    body.put("tls_cert", TestPki.pem(Api.CA.INTERMEDIATE.certificate(), leaf.certificate()));
    refused(body, "tls_cert").body("detail", containsString("out of order"));
  }

  @Test
  void chainWithForeignIssuer() {
    TestPki.Issued otherRoot = TestPki.rootCa("certflow test intermediate");
    TestPki.Issued leaf = TestPki.leaf(Api.CA.INTERMEDIATE, 30, "foreign.example.test");
    Map<String, Object> body = upload("v-foreign", leaf);
    body.put("tls_cert", TestPki.pem(leaf.certificate(), otherRoot.certificate()));
    refused(body, "tls_cert").body("detail", containsString("not signed"));
  }

  @Test
  void garbageCertificateAndKey() {
    Map<String, Object> body = upload("v-garbage", "garbage.example.test");
    body.put("tls_cert", "hello");
    refused(body, "tls_cert").body("detail", containsString("not PEM"));

    body = upload("v-garbage", "garbage.example.test");
    body.put("tls_cert", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    refused(body, "tls_cert").body("detail", containsString("does not parse"));

    // Not base64 between the lines: a 400 naming the field, not a decoder's exception (issue 15).
    body = upload("v-garbage", "garbage.example.test");
    body.put("tls_cert", "-----BEGIN CERTIFICATE-----\nA!!*\n-----END CERTIFICATE-----\n");
    refused(body, "tls_cert").body("detail", containsString("not base64"));
    body = upload("v-garbage", "garbage.example.test");
    body.put("tls_key", "-----BEGIN PRIVATE KEY-----\nA!!*\n-----END PRIVATE KEY-----\n");
    refused(body, "tls_key");

    body = upload("v-garbage", "garbage.example.test");
    body.put("tls_key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    refused(body, "tls_key");
  }

  @Test
  void encryptedKey() {
    Map<String, Object> body = upload("v-encrypted", "enc.example.test");
    body.put(
        "tls_key",
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
            + "MIHeMEkGCSqGSIb3DQEFDTA8MBsGCSqGSIb3DQEFDDAOBAhxD0mSaM7hIAICCAAw\n"
            + "HQYJYIZIAWUDBAEqBBBv1Xk5VsaJg2y4hR6bPBKhBIGQAAAAAAAAAAAAAAAAAAAA\n"
            + "-----END ENCRYPTED PRIVATE KEY-----\n");
    refused(body, "tls_key");
  }

  @Test
  void expiredAndNotYetValidLeafUnlessForced() {
    TestPki.Issued expired =
        TestPki.leaf(
            Api.CA.INTERMEDIATE,
            TestPki.ecKey(),
            Instant.now().minus(Duration.ofDays(30)),
            Instant.now().minus(Duration.ofDays(1)),
            "expired.example.test");
    refused(upload("v-expired", expired), "tls_cert").body("detail", containsString("expired"));

    TestPki.Issued future =
        TestPki.leaf(
            Api.CA.INTERMEDIATE,
            TestPki.ecKey(),
            Instant.now().plus(Duration.ofDays(2)),
            Instant.now().plus(Duration.ofDays(30)),
            "future.example.test");
    refused(upload("v-future", future), "tls_cert").body("detail", containsString("not valid yet"));

    Map<String, Object> forced = upload("v-expired-forced", expired);
    forced.put("force", true);
    admin()
        .body(forced)
        .post("/api/v1/certificates")
        .then()
        .statusCode(201)
        .body("status", equalTo("expired"))
        .body("warnings[0]", containsString("force"));
  }

  @Test
  void domainsNotCoveredOrMalformed() {
    Map<String, Object> body = upload("v-domains", "a.example.test", "*.w.example.test");
    body.put("domains", "a.example.test,x.y.w.example.test");
    refused(body, "domains").body("detail", containsString("x.y.w.example.test not covered"));

    body.put("domains", List.of("a..example.test"));
    refused(body, "domains").body("detail", containsString("not a valid host name"));

    body.put("domains", 42);
    refused(body, "domains");
  }

  @Test
  void fieldsOutOfRange() {
    Map<String, Object> body = upload("v-range", "range.example.test");
    body.put("buffer_days", 0);
    refused(body, "buffer_days");
    body.put("buffer_days", 366);
    refused(body, "buffer_days");
    body.put("buffer_days", "soon");
    refused(body, "buffer_days").body("detail", containsString("integer"));

    body = upload("v-range", "range.example.test");
    body.put("remark", "r".repeat(1025));
    refused(body, "remark");

    body = upload("v-range", "range.example.test");
    body.put("dns_provider", "godaddy");
    refused(body, "dns_provider").body("detail", containsString("cloudflare"));

    body = upload("bad name!", "range.example.test");
    refused(body, "name");
    body.remove("name");
    refused(body, "name");
  }

  @Test
  void unknownFieldsAndMalformedJson() {
    Map<String, Object> body = upload("v-unknown", "unknown.example.test");
    body.put("tls_crt", "typo");
    refused(body, "tls_crt").body("detail", containsString("not a known field"));

    admin()
        .body("{\"name\": \"v-json\", ")
        .post("/api/v1/certificates")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("field", equalTo("body"));
    admin().get("/api/v1/certificates/v-json").then().statusCode(404);
  }

  @Test
  void missingMaterialAndAcmeConflicts() {
    refused(Map.of("name", "v-empty"), "tls_cert");

    Map<String, Object> body = upload("v-acme-upload", "acme.example.test");
    body.put("acme", true);
    refused(body, "tls_cert");

    refused(Map.of("name", "v-acme-wild", "acme", true, "domains", "*.example.test"), "domains")
        .body("detail", containsString("dns_challenge"));
    refused(
        Map.of(
            "name", "v-acme-dns", "acme", true, "domains", "a.example.test", "dns_challenge", true),
        "dns_provider");
  }

  @Test
  void base64OfPemIsAccepted() {
    Map<String, Object> body = upload("v-base64", "b64.example.test");
    body.put(
        "tls_cert",
        Base64.getEncoder()
            .encodeToString(((String) body.get("tls_cert")).getBytes(StandardCharsets.UTF_8)));
    admin()
        .body(body)
        .post("/api/v1/certificates")
        .then()
        .statusCode(201)
        .body("chain_length", equalTo(2));
  }

  @Test
  void pkcs1AndSec1KeysAreAccepted() {
    TestPki.Issued rsa =
        TestPki.leaf(
            Api.CA.INTERMEDIATE,
            TestPki.rsaKey(2048),
            Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(60)),
            "rsa.example.test");
    Map<String, Object> body = upload("v-pkcs1", rsa);
    body.put("tls_key", rsa.traditionalPem());
    admin()
        .body(body)
        .post("/api/v1/certificates")
        .then()
        .statusCode(201)
        .body("key_type", equalTo("RSA"))
        .body("key_size", equalTo(2048));

    TestPki.Issued ec = TestPki.leaf(Api.CA.INTERMEDIATE, 60, "ec.example.test");
    body = upload("v-sec1", ec);
    body.put("tls_key", ec.traditionalPem());
    admin()
        .body(body)
        .post("/api/v1/certificates")
        .then()
        .statusCode(201)
        .body("key_type", equalTo("EC"))
        .body("key_size", equalTo(256));
  }
}
