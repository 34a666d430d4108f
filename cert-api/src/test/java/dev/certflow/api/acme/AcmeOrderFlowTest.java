package dev.certflow.api.acme;

import static dev.certflow.api.testing.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import dev.certflow.api.pem.KeyPairCheck;
import dev.certflow.api.testing.Api;
import dev.certflow.api.testing.InfraResource;
import dev.certflow.api.testing.Topic;
import dev.certflow.events.AlertEvent;
import dev.certflow.events.CertificateBundle;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventType;
import dev.certflow.events.OrderCommand;
import dev.certflow.events.OrderResult;
import dev.certflow.events.Topics;
import dev.certflow.security.KeySealer;
import dev.certflow.testing.TestPki;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

/**
 * cert-api's side of flow 2 against the real broker, with this test in the worker's place: the
 * order it publishes, and what each result does.
 */
@QuarkusTest
@WithTestResource(value = InfraResource.class, scope = TestResourceScope.GLOBAL)
class AcmeOrderFlowTest {

  @Inject DataSource dataSource;

  static final Topics TOPICS = Topics.defaults();
  static final TestPki.Issued CA = TestPki.rootCa("fake acme ca");

  static List<OrderCommand> orders(String name) {
    return Topic.payloads(TOPICS.orders(), name, EventType.ORDER, OrderCommand.class);
  }

  static OrderCommand awaitOrders(String name, int count) {
    await().atMost(Duration.ofSeconds(20)).until(() -> orders(name).size() >= count);
    return orders(name).get(count - 1);
  }

  /** Issues what the CSR asks for, as the CA would. */
  static String issue(OrderCommand order, Instant notBefore, Instant notAfter) throws Exception {
    JcaPKCS10CertificationRequest csr =
        new JcaPKCS10CertificationRequest(Base64.getDecoder().decode(order.csr()));
    PublicKey key = csr.getPublicKey();
    X509Certificate leaf =
        TestPki.leafFor(CA, key, notBefore, notAfter, order.domains().toArray(String[]::new));
    return TestPki.pem(leaf, CA.certificate());
  }

  /** Waits until the certificate's JSON shows the value at the path. */
  static void awaitCertificate(String name, String path, Object value) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> admin().get("/api/v1/certificates/" + name).then().body(path, equalTo(value)));
  }

  static void answer(OrderResult result) throws Exception {
    Topic.send(
        TOPICS.orderResults(), result.certificate(), Envelope.of(EventType.ORDER_RESULT, result));
  }

  @Test
  void orderCarriesACsrForTheDomainsAndAResultBecomesAVersionOnce() throws Exception {
    admin()
        .body(
            Map.of(
                "name",
                "acme-ok",
                "acme",
                true,
                "domains",
                "a.acme.test,b.acme.test",
                "key_type",
                "ec-p384"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201)
        .body("status", equalTo("pending"))
        .body("acme_ca", equalTo("lets_encrypt"))
        .body("order_in_flight", equalTo(true));

    OrderCommand order = awaitOrders("acme-ok", 1);
    assertThat(order.challenge()).isEqualTo(OrderCommand.HTTP_01);
    assertThat(order.ca()).isEqualTo("lets_encrypt");
    assertThat(order.renewal()).isFalse();
    JcaPKCS10CertificationRequest csr =
        new JcaPKCS10CertificationRequest(Base64.getDecoder().decode(order.csr()));
    Extensions extensions =
        Extensions.getInstance(
            csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0]
                .getAttrValues()
                .getObjectAt(0));
    GeneralNames sans = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
    assertThat(List.of(sans.getNames()).stream().map(n -> n.getName().toString()).toList())
        .containsExactly("a.acme.test", "b.acme.test");
    assertThat(List.of(sans.getNames()).stream().allMatch(n -> n.getTagNo() == GeneralName.dNSName))
        .isTrue();
    assertThat(csr.getPublicKey().getAlgorithm()).isEqualTo("EC");

    String chain =
        issue(order, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(90)));
    OrderResult issued = OrderResult.issued(order.orderId(), "acme-ok", chain);
    answer(issued);
    awaitCertificate("acme-ok", "status", "valid");
    admin()
        .get("/api/v1/certificates/acme-ok")
        .then()
        .body("version", equalTo(1))
        .body("key_size", equalTo(384))
        .body("order_in_flight", equalTo(false))
        .body("attempts", equalTo(0))
        .body("next_attempt_at", notNullValue());

    answer(issued); // a redelivered result
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                !Topic.payloads(TOPICS.alerts(), "acme-ok", EventType.ALERT, AlertEvent.class)
                    .isEmpty());
    admin()
        .get("/api/v1/certificates/acme-ok/versions")
        .then()
        .body("", hasSize(1))
        .body("[0].source", equalTo("acme"));
    assertThat(Topic.payloads(TOPICS.alerts(), "acme-ok", EventType.ALERT, AlertEvent.class))
        .extracting(AlertEvent::category)
        .containsExactly("issued");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                !Topic.payloads(
                        TOPICS.certificates(),
                        "acme-ok",
                        EventType.CERTIFICATE_BUNDLE,
                        CertificateBundle.class)
                    .isEmpty());

    // The order's key was sealed once at rest: the version keeps that seal instead of a new one.
    try (Connection connection = dataSource.getConnection();
        PreparedStatement same =
            connection.prepareStatement(
                "select v.sealed_key = o.sealed_key from certificate_version v"
                    + " join certificate c on c.id = v.certificate_id"
                    + " join acme_order o on o.certificate_id = c.id and o.state = 'issued'"
                    + " where c.name = ?")) {
      same.setString(1, "acme-ok");
      ResultSet row = same.executeQuery();
      assertThat(row.next()).isTrue();
      assertThat(row.getBoolean(1)).isTrue();
    }
    // And the agents' copy opens under the agent key to the key the CSR was made with.
    CertificateBundle bundle =
        Topic.payloads(
                TOPICS.certificates(),
                "acme-ok",
                EventType.CERTIFICATE_BUNDLE,
                CertificateBundle.class)
            .get(0);
    byte[] pkcs8 =
        KeySealer.fromBase64(InfraResource.AGENT_KEY)
            .open(bundle.sealedKey(), CertificateBundle.keyAad("acme-ok"));
    assertThat(
            KeyPairCheck.matches(
                KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)),
                csr.getPublicKey()))
        .isTrue();
  }

  /** How many orders cert-api has stored for the certificate: placed ones, whatever their fate. */
  private long ordersStored(String name) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement count =
            connection.prepareStatement(
                "select count(*) from acme_order o join certificate c on c.id = o.certificate_id"
                    + " where c.name = ?")) {
      count.setString(1, name);
      ResultSet row = count.executeQuery();
      row.next();
      return row.getLong(1);
    }
  }

  @Test
  void failureBacksOffAlertsAndRenewNowOrdersAgain() throws Exception {
    admin()
        .body(Map.of("name", "acme-fail", "acme", true, "domains", "fail.acme.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    OrderCommand first = awaitOrders("acme-fail", 1);

    Instant before = Instant.now();
    answer(
        OrderResult.failed(
            first.orderId(),
            "acme-fail",
            "urn:ietf:params:acme:error:connection",
            "connection refused by fail.acme.test",
            false,
            null));
    awaitCertificate("acme-fail", "status", "failed");
    String next =
        admin()
            .get("/api/v1/certificates/acme-fail")
            .then()
            .body("attempts", equalTo(1))
            .body("last_error", containsString("connection refused"))
            .extract()
            .path("next_attempt_at");
    assertThat(Instant.parse(next))
        .isBetween(before.plusSeconds(55), Instant.now().plusSeconds(65));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                Topic.payloads(TOPICS.alerts(), "acme-fail", EventType.ALERT, AlertEvent.class)
                    .stream()
                    .anyMatch(a -> a.category().equals("issuance_failed")));
    assertThat(orders("acme-fail")).as("no new order before the back-off ends").hasSize(1);

    admin()
        .post("/api/v1/certificates/acme-fail/renew")
        .then()
        .statusCode(202)
        .body("order_in_flight", equalTo(true));
    OrderCommand second = awaitOrders("acme-fail", 2);
    assertThat(second.orderId()).isNotEqualTo(first.orderId());
    // Renew now again while that order is in flight: it joins it, no third order (issue 15).
    admin()
        .post("/api/v1/certificates/acme-fail/renew")
        .then()
        .statusCode(202)
        .body("order_in_flight", equalTo(true));
    assertThat(ordersStored("acme-fail")).isEqualTo(2);

    // A late result of the first order changes nothing.
    answer(
        OrderResult.issued(
            first.orderId(),
            "acme-fail",
            issue(first, Instant.now(), Instant.now().plus(Duration.ofDays(30)))));
    answer(
        OrderResult.issued(
            second.orderId(),
            "acme-fail",
            issue(second, Instant.now(), Instant.now().plus(Duration.ofDays(30)))));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                admin()
                    .get("/api/v1/certificates/acme-fail")
                    .then()
                    .body("status", equalTo("valid"))
                    .body("attempts", equalTo(0)));
    admin().get("/api/v1/certificates/acme-fail/versions").then().body("", hasSize(1));
  }

  @Test
  void renewalWindowAndDomainChangeOrderAnew() throws Exception {
    admin()
        .body(Map.of("name", "acme-renew", "acme", true, "domains", "renew.acme.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    OrderCommand first = awaitOrders("acme-renew", 1);
    // A 2-day certificate with one day left: half its lifetime is gone, so renewal is due now.
    answer(
        OrderResult.issued(
            first.orderId(),
            "acme-renew",
            issue(
                first,
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(1)))));

    OrderCommand renewal = awaitOrders("acme-renew", 2);
    assertThat(renewal.renewal()).isTrue();
    answer(
        OrderResult.issued(
            renewal.orderId(),
            "acme-renew",
            issue(
                renewal, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(90)))));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                admin().get("/api/v1/certificates/acme-renew").then().body("version", equalTo(2)));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                Topic.payloads(TOPICS.alerts(), "acme-renew", EventType.ALERT, AlertEvent.class)
                    .stream()
                    .anyMatch(a -> a.category().equals("renewed")));

    admin()
        .body(Map.of("domains", "renew.acme.test,www.renew.acme.test"))
        .put("/api/v1/certificates/acme-renew")
        .then()
        .statusCode(200)
        .body("order_in_flight", equalTo(true));
    assertThat(awaitOrders("acme-renew", 3).domains())
        .containsExactly("renew.acme.test", "www.renew.acme.test");
    admin()
        .body(Map.of("remark", "no new order"))
        .put("/api/v1/certificates/acme-renew")
        .then()
        .statusCode(200);
    assertThat(orders("acme-renew")).hasSize(3);
  }

  @Test
  void aChainForAnotherKeyIsRefused() throws Exception {
    admin()
        .body(Map.of("name", "acme-wrong-key", "acme", true, "domains", "wrong.acme.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    OrderCommand order = awaitOrders("acme-wrong-key", 1);
    TestPki.Issued stranger = TestPki.leaf(CA, 30, "wrong.acme.test");
    answer(
        OrderResult.issued(
            order.orderId(),
            "acme-wrong-key",
            TestPki.pem(stranger.certificate(), CA.certificate())));

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                admin()
                    .get("/api/v1/certificates/acme-wrong-key")
                    .then()
                    .body("status", equalTo("failed"))
                    .body("last_error", containsString("does not match the order's key")));
    admin().get("/api/v1/certificates/acme-wrong-key/versions").then().body("", hasSize(0));
  }

  @Test
  void aChainForOtherNamesOrFromNoIssuerIsRefused() throws Exception {
    admin()
        .body(Map.of("name", "acme-forged", "acme", true, "domains", "forged.acme.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    // The order's key, but a name it did not ask for.
    answerForged(1, CA, "evil.test");
    awaitFailedWith("where the order asked for");

    admin().post("/api/v1/certificates/acme-forged/renew").then().statusCode(202);
    // The right names and key, "issued" in the name of the CA sent along but by another key.
    answerForged(2, TestPki.rootCa("fake acme ca"), "forged.acme.test");
    awaitFailedWith("is not signed by certificate 2");
    admin().get("/api/v1/certificates/acme-forged/versions").then().body("", hasSize(0));
  }

  /**
   * Answers the n-th order of acme-forged with a leaf for its key, by that issuer, sent with CA.
   */
  private static void answerForged(int n, TestPki.Issued issuer, String name) throws Exception {
    OrderCommand order = awaitOrders("acme-forged", n);
    PublicKey key =
        new JcaPKCS10CertificationRequest(Base64.getDecoder().decode(order.csr())).getPublicKey();
    Instant now = Instant.now();
    X509Certificate leaf =
        TestPki.leafFor(issuer, key, now.minusSeconds(60), now.plus(Duration.ofDays(90)), name);
    answer(OrderResult.issued(order.orderId(), "acme-forged", TestPki.pem(leaf, CA.certificate())));
  }

  private static void awaitFailedWith(String error) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                admin()
                    .get("/api/v1/certificates/acme-forged")
                    .then()
                    .body("status", equalTo("failed"))
                    .body("last_error", containsString(error)));
  }

  @Test
  void acmeFieldsAreValidated() {
    Map<String, Object> base = Map.of("name", "acme-bad", "domains", "bad.acme.test");
    admin()
        .body(with(base, "acme", "nowhere"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(400)
        .body("field", equalTo("acme"));
    admin()
        .body(with(base, "acme", 5))
        .post("/api/v1/certificates")
        .then()
        .statusCode(400)
        .body("field", equalTo("acme"));
    admin()
        .body(with(with(base, "acme", true), "key_type", "dsa-1024"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(400)
        .body("field", equalTo("key_type"));
    admin()
        .body(
            with(with(with(base, "acme", true), "dns_challenge", true), "dns_provider", "rfc2136"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(400)
        .body("field", equalTo("dns_service_url"));
    admin().post("/api/v1/certificates/nope/renew").then().statusCode(404);
    admin()
        .body(Api.upload("uploaded-renew", "up.acme.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    admin()
        .post("/api/v1/certificates/uploaded-renew/renew")
        .then()
        .statusCode(409)
        .body("field", equalTo("acme"));
    admin()
        .body(with(base, "acme", "https://acme.example.test/directory"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201)
        .body("acme_ca", equalTo("https://acme.example.test/directory"));
  }

  private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    Map<String, Object> copy = new HashMap<>(base);
    copy.put(key, value);
    return copy;
  }
}
