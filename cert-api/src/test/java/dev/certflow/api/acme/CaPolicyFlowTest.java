package dev.certflow.api.acme;

import static dev.certflow.api.acme.AcmeOrderFlowTest.TOPICS;
import static dev.certflow.api.acme.AcmeOrderFlowTest.answer;
import static dev.certflow.api.acme.AcmeOrderFlowTest.awaitCertificate;
import static dev.certflow.api.acme.AcmeOrderFlowTest.awaitOrders;
import static dev.certflow.api.acme.AcmeOrderFlowTest.issue;
import static dev.certflow.api.testing.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.certflow.api.testing.Api;
import dev.certflow.api.testing.InfraResource;
import dev.certflow.api.testing.Topic;
import dev.certflow.events.AlertEvent;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventType;
import dev.certflow.events.OrderCommand;
import dev.certflow.events.OrderResult;
import dev.certflow.events.RenewalCertId;
import dev.certflow.events.RevocationCommand;
import dev.certflow.events.RevocationResult;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * cert-api's side of CA fallback, holds and revocation against the real broker, with this test in
 * the worker's place (the system tests do the same against Pebble).
 */
@QuarkusTest
@WithTestResource(value = InfraResource.class, scope = TestResourceScope.GLOBAL)
class CaPolicyFlowTest {

  private static String chain(OrderCommand order) throws Exception {
    return issue(order, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(90)));
  }

  private static List<String> alerts(String name, String category) {
    return Topic.payloads(TOPICS.alerts(), name, EventType.ALERT, AlertEvent.class).stream()
        .filter(a -> category.equals(a.category()))
        .map(AlertEvent::message)
        .toList();
  }

  @Test
  void aListOfCasIsCheckedEntryByEntry() {
    for (Object acme :
        List.of(
            List.of("lets_encrypt", "lets_encrypt"),
            List.of("nowhere"),
            List.of(),
            List.of(1),
            List.of("a", "b", "c", "d", "e", "f"))) {
      admin()
          .body(Map.of("name", "cas-bad", "acme", acme, "domains", "bad.acme.test"))
          .post("/api/v1/certificates")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("field", equalTo("acme"));
    }
    admin()
        .body(Map.of("name", "cas-bad", "acme", false, "profile", "classic", "tls_cert", "x"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("profile"));
    admin().get("/api/v1/certificates/cas-bad").then().statusCode(404);
    admin().get("/api/v1/cas").then().statusCode(200).body("name", hasItem("lets_encrypt_staging"));
    admin().delete("/api/v1/cas/lets_encrypt/hold").then().statusCode(404);
    admin().get("/api/v1/cas/nowhere").then().statusCode(404);
  }

  @Test
  void aFinalFailureMovesToTheNextCaAndItsIssueIsAlerted() throws Exception {
    admin()
        .body(
            Map.of(
                "name",
                "cas-fallback",
                "acme",
                List.of("lets_encrypt", "lets_encrypt_staging"),
                "domains",
                "fallback.acme.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201)
        .body("acme_cas", equalTo(List.of("lets_encrypt", "lets_encrypt_staging")));
    OrderCommand first = awaitOrders("cas-fallback", 1);
    assertThat(first.ca()).isEqualTo("lets_encrypt");
    answer(
        OrderResult.failed(
            first.orderId(),
            "cas-fallback",
            "urn:ietf:params:acme:error:rejectedIdentifier",
            "policy forbids",
            false,
            null));

    OrderCommand second = awaitOrders("cas-fallback", 2);
    assertThat(second.ca()).isEqualTo("lets_encrypt_staging");
    assertThat(second.replaces()).isNull();
    answer(OrderResult.issued(second.orderId(), "cas-fallback", chain(second)));
    awaitCertificate("cas-fallback", "issued_by_ca", "lets_encrypt_staging");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !alerts("cas-fallback", "ca_fallback").isEmpty());
    assertThat(alerts("cas-fallback", "ca_fallback").get(0))
        .contains("lets_encrypt_staging")
        .contains("policy forbids");

    // The next order goes to the first CA again; it did not issue the current one: no replaces.
    admin().post("/api/v1/certificates/cas-fallback/renew").then().statusCode(202);
    OrderCommand third = awaitOrders("cas-fallback", 3);
    assertThat(third.ca()).isEqualTo("lets_encrypt");
    assertThat(third.replaces()).isNull();
  }

  @Test
  void aPauseHoldsTheCaRaisesOneAlertAndResumingOrdersWhatWaited() throws Exception {
    String unpause = "https://portal.example.test/sfe/v1/unpause?jwt=abc";
    try {
      admin()
          .body(
              Map.of(
                  "name",
                  "cas-paused-1",
                  "acme",
                  "lets_encrypt_staging",
                  "domains",
                  "p1.acme.test"))
          .post("/api/v1/certificates")
          .then()
          .statusCode(201);
      OrderCommand order = awaitOrders("cas-paused-1", 1);
      answer(
          OrderResult.failed(
                  order.orderId(),
                  "cas-paused-1",
                  "urn:ietf:params:acme:error:rateLimited",
                  "Your account is temporarily prevented ... Please visit: " + unpause,
                  false,
                  null)
              .paused(unpause));
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  admin()
                      .get("/api/v1/cas/lets_encrypt_staging")
                      .then()
                      .body("hold.kind", equalTo("paused"))
                      .body("hold.unpause_url", equalTo(unpause)));
      assertThat(alerts("cas-paused-1", "account_paused")).hasSize(1);
      assertThat(alerts("cas-paused-1", "account_paused").get(0)).contains(unpause);

      // Another certificate at the paused CA is not ordered, and says why.
      admin()
          .body(
              Map.of(
                  "name",
                  "cas-paused-2",
                  "acme",
                  "lets_encrypt_staging",
                  "domains",
                  "p2.acme.test"))
          .post("/api/v1/certificates")
          .then()
          .statusCode(201)
          .body("order_in_flight", equalTo(false))
          .body("last_error", containsString(unpause));
      admin()
          .post("/api/v1/certificates/cas-paused-2/renew")
          .then()
          .statusCode(409)
          .body("field", equalTo("acme"));
      assertThat(AcmeOrderFlowTest.orders("cas-paused-2")).isEmpty();

      admin().delete("/api/v1/cas/lets_encrypt_staging/hold").then().statusCode(204);
      OrderCommand resumed = awaitOrders("cas-paused-2", 1);
      assertThat(resumed.ca()).isEqualTo("lets_encrypt_staging");
    } finally {
      admin().delete("/api/v1/cas/lets_encrypt_staging/hold");
    }
  }

  @Test
  void revocationGoesToTheIssuingCaOnceAndAReplacementReplacesIt() throws Exception {
    admin()
        .body(Api.upload("cas-uploaded", "uploaded.acme.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    admin()
        .post("/api/v1/certificates/cas-uploaded/revoke")
        .then()
        .statusCode(409)
        .body("detail", containsString("uploaded"));

    admin()
        .body(Map.of("name", "cas-revoke", "acme", true, "domains", "revoke.acme.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    admin().post("/api/v1/certificates/cas-revoke/revoke").then().statusCode(409);
    OrderCommand order = awaitOrders("cas-revoke", 1);
    String fullchain = chain(order);
    answer(OrderResult.issued(order.orderId(), "cas-revoke", fullchain));
    awaitCertificate("cas-revoke", "version", 1);
    X509Certificate leaf =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(fullchain.getBytes(StandardCharsets.US_ASCII)));

    admin()
        .body(Map.of("reason", 2))
        .post("/api/v1/certificates/cas-revoke/revoke")
        .then()
        .statusCode(400)
        .body("field", equalTo("reason"));
    admin()
        .body(Map.of("reason", "key_compromise"))
        .post("/api/v1/certificates/cas-revoke/revoke")
        .then()
        .statusCode(202)
        .body("revocation.state", equalTo("requested"))
        .body("order_in_flight", equalTo(true));
    admin().post("/api/v1/certificates/cas-revoke/revoke").then().statusCode(409);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                !Topic.payloads(
                        TOPICS.orders(),
                        "cas-revoke",
                        EventType.REVOCATION,
                        RevocationCommand.class)
                    .isEmpty());
    RevocationCommand revocation =
        Topic.payloads(TOPICS.orders(), "cas-revoke", EventType.REVOCATION, RevocationCommand.class)
            .get(0);
    assertThat(revocation.ca()).isEqualTo("lets_encrypt");
    assertThat(revocation.reason()).isEqualTo(1);
    assertThat(revocation.version()).isEqualTo(1);
    assertThat(revocation.certificatePem()).contains("BEGIN CERTIFICATE").doesNotContain("KEY");
    OrderCommand replacement = awaitOrders("cas-revoke", 2);
    assertThat(replacement.replaces()).isEqualTo(RenewalCertId.of(leaf).orElseThrow());

    Topic.send(
        TOPICS.orderResults(),
        "cas-revoke",
        Envelope.of(
            EventType.REVOCATION_RESULT,
            new RevocationResult(revocation.revocationId(), "cas-revoke", 1, true, null)));
    awaitCertificate("cas-revoke", "revocation.state", "revoked");
    await().atMost(Duration.ofSeconds(20)).until(() -> !alerts("cas-revoke", "revoked").isEmpty());
    admin()
        .get("/api/v1/certificates/cas-revoke/versions")
        .then()
        .body("[0].revocation_state", equalTo("revoked"));
    admin().delete("/api/v1/certificates/cas-revoke?revoke=maybe").then().statusCode(400);
    admin().get("/api/v1/certificates/cas-revoke").then().statusCode(200);
  }
}
