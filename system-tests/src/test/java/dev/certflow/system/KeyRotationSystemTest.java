package dev.certflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.certflow.security.KeySealer;
import dev.certflow.testing.TestPki;
import dev.certflow.testing.TlsProbe;
import io.restassured.specification.RequestSpecification;
import java.math.BigInteger;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Rotating the master and agent keys as the README describes: new key first and old key second on
 * every service, restart, then the new key alone — no certificate, key or channel is lost and the
 * agents keep serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyRotationSystemTest {

  private LocalCluster cluster;

  @BeforeAll
  void start() throws Exception {
    cluster = new LocalCluster();
    cluster.startKafka();
    cluster.startCertApi(true);
    cluster.startAgent("agent-1", "127.0.0.51", Map.of());
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private RequestSpecification admin() {
    return cluster.admin();
  }

  @Test
  void rotatingMasterAndAgentKeysLosesNothing() throws Exception {
    TestPki.Issued leaf = TestPki.leaf(TestPki.rootCa("rotation root"), 90, "rotated.test");
    admin()
        .body(
            Map.of(
                "name", "rotated",
                "tls_cert", TestPki.pem(leaf.certificate()),
                "tls_key", leaf.pkcs8Pem()))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    admin()
        .body(
            Map.of(
                "name", "rotated-hook",
                "type", "webhook",
                "url", "http://127.0.0.1:9/hook",
                "secret", "s3cret"))
        .post("/api/v1/channels")
        .then()
        .statusCode(201);
    LocalCluster.Agent agent = cluster.agents.get("agent-1");
    String serial = leaf.certificate().getSerialNumber().toString(16);
    await().atMost(Duration.ofSeconds(30)).until(() -> served(agent, serial));

    String newMaster = KeySealer.generateKey();
    String newAgent = KeySealer.generateKey();
    // Step 1: the new key first, the old one second, on cert-api and on the agent.
    cluster.certApi().stop();
    cluster
        .certApi()
        .start(
            Map.of(
                "CERTFLOW_MASTER_KEY", newMaster + "," + cluster.masterKey(),
                "CERTFLOW_AGENT_KEY", newAgent + "," + cluster.agentKey()))
        .awaitHealthy(Duration.ofSeconds(90));
    assertThat(Files.readString(cluster.work.resolve("cert-api.log")))
        .contains(
            "key rotation: 2 value(s) sealed again under the new master key, 1 certificate(s)");

    // Step 2: the old keys removed everywhere; the agent reads the whole topic again.
    agent.process().stop();
    agent.process().start(Map.of("CERTFLOW_AGENT_KEY", newAgent));
    agent.process().awaitHealthy(Duration.ofSeconds(90));
    await().atMost(Duration.ofSeconds(30)).until(() -> served(agent, serial));

    cluster.certApi().stop();
    cluster
        .certApi()
        .start(Map.of("CERTFLOW_MASTER_KEY", newMaster, "CERTFLOW_AGENT_KEY", newAgent))
        .awaitHealthy(Duration.ofSeconds(90));
    String exported =
        admin()
            .get("/api/v1/certificates/rotated/export")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(exportedKey(exported))
        .isEqualTo(((ECPrivateKey) leaf.keyPair().getPrivate()).getS());
    admin()
        .get("/api/v1/channels/rotated-hook")
        .then()
        .statusCode(200)
        .body("url", equalTo("http://127.0.0.1:9/***"));
  }

  /** The private scalar of the PKCS#8 key in an export. */
  private static BigInteger exportedKey(String pem) throws Exception {
    String base64 =
        pem.substring(
                pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27,
                pem.indexOf("-----END PRIVATE KEY-----"))
            .replaceAll("\\s", "");
    return ((ECPrivateKey)
            KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64))))
        .getS();
  }

  private static boolean served(LocalCluster.Agent agent, String serial) {
    return serial.equals(TlsProbe.serial(agent.ip(), agent.tlsPort(), "rotated.test"));
  }
}
