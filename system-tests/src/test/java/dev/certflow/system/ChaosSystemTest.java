package dev.certflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.OrderCommand;
import dev.certflow.events.Topics;
import dev.certflow.testing.PoisonSamples;
import dev.certflow.testing.TestInfra;
import dev.certflow.testing.TestKnot;
import dev.certflow.testing.TestPki;
import dev.certflow.testing.TlsProbe;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Issue 15's chaos suite: real processes, real faults. Each scenario ends with every certificate
 * stored and served, no certificate issued twice (versions in the database and certificates the CA
 * issued), and prints its recovery time as a {@code CHAOS} line (docs/reliability.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosSystemTest {

  private static final TestPki.Issued CA = TestPki.rootCa("chaos upload root");
  private static final Duration KAFKA_OUTAGE =
      Duration.ofSeconds(Long.getLong("certflow.chaos.kafka-outage-seconds", 60));

  private LocalCluster cluster;
  private TestKnot knot;
  private Pebble pebble;
  private Pebble slowPebble;
  private Map<String, String> workerEnv;

  @BeforeAll
  void start() throws Exception {
    cluster = new LocalCluster();
    int agentHttpPort = TestInfra.freePort();
    knot = new TestKnot(cluster.work, Map.of("*", "127.0.0.41"));
    cluster.secret(knot.tsigSecret);
    // Rejects 30 % of nonces: every order must still complete.
    pebble =
        new Pebble(
            cluster.work, agentHttpPort, knot.address(), Map.of("PEBBLE_WFE_NONCEREJECT", "30"));
    // Validates after up to 6 s: room to kill dns-gateway while a TXT record is out.
    slowPebble =
        new Pebble(
            cluster.work,
            agentHttpPort,
            knot.address(),
            Map.of("PEBBLE_VA_NOSLEEP", "0", "PEBBLE_VA_SLEEPTIME", "6"));
    cluster.startKafka();
    cluster.startCertApi(
        true,
        Map.of(
            "CERTFLOW_ACME_CAS", "chaos,slow",
            "CERTFLOW_RENEWAL_CHECK", "1s",
            "CERTFLOW_ALERT_CHECK", "2s"));
    cluster.startAgent("agent-1", "127.0.0.41", agentHttpPort, Map.of("CERTFLOW_FILE_RETRY", "2s"));
    cluster.startAgent("agent-2", "127.0.0.42", agentHttpPort, Map.of("CERTFLOW_FILE_RETRY", "2s"));
    String gateway = cluster.startDnsGateway(Map.of("DNS_LOCAL", knot.serviceUrl()));
    workerEnv =
        Map.of(
            "CERTFLOW_CAS_CHAOS_DIRECTORY", pebble.directory(),
            "CERTFLOW_CAS_CHAOS_TRUST", pebble.trust.toString(),
            "CERTFLOW_CAS_SLOW_DIRECTORY", slowPebble.directory(),
            "CERTFLOW_CAS_SLOW_TRUST", slowPebble.trust.toString(),
            "CERTFLOW_DNS_GATEWAY_URL", gateway,
            "CERTFLOW_DNS_CLEANUP_AFTER", "10s",
            "CERTFLOW_DNS_SWEEP", "2s");
    cluster.startWorker("worker-1", workerEnv);
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    for (Pebble p : new Pebble[] {pebble, slowPebble}) {
      if (p != null) {
        p.stop();
      }
    }
    if (knot != null) {
      knot.close();
    }
  }

  @Test
  @Order(1)
  void postgresRestartedDuringUploadsAndOrdersLosesNothing() throws Exception {
    // Poison on the worker's topics first: the orders after it must still be worked on.
    poisonWorkerTopics();
    long issuedBefore = pebble.issued();
    for (int i = 0; i < 20; i++) {
      acme("pg-acme-" + i, "chaos", "pg-acme-" + i + ".certflow.test");
    }
    AtomicReference<Instant> restarted = new AtomicReference<>();
    AtomicReference<Instant> firstAfter = new AtomicReference<>();
    AtomicInteger retried = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<Future<?>> uploads = new ArrayList<>();
    AtomicInteger done = new AtomicInteger();
    for (int i = 0; i < 200; i++) {
      String name = "pg-upload-" + i;
      uploads.add(
          clients.submit(
              () -> {
                retried.addAndGet(uploadUntilStored(name, name + ".example.test"));
                done.incrementAndGet();
                if (restarted.get() != null) {
                  firstAfter.compareAndSet(null, Instant.now());
                }
                return null;
              }));
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> done.get() >= 40);
    Instant restarting = Instant.now();
    run("pg_ctlcluster", "15", "main", "restart");
    restarted.set(Instant.now());
    for (Future<?> upload : uploads) {
      upload.get(3, TimeUnit.MINUTES);
    }
    clients.shutdown();

    Map<String, Integer> versions = versions("pg-upload-");
    assertThat(versions).hasSize(200);
    assertThat(versions.values()).allMatch(count -> count == 1);
    awaitValid("pg-acme-", 20, Duration.ofMinutes(3));
    assertThat(versions("pg-acme-").values()).allMatch(count -> count == 1);
    assertThat(pebble.issued() - issuedBefore).isEqualTo(20);
    awaitEveryAgentCurrent(Duration.ofMinutes(1));
    String metrics = RestAssured.get(cluster.workers.get("worker-1").url("/q/metrics")).asString();
    Topics topics = Topics.defaults();
    for (String topic : List.of(topics.orders(), topics.agentChallenges(), topics.dnsCleanups())) {
      assertThat(metrics).contains("certflow_poison_records_total{topic=\"" + topic + "\"}");
    }
    figure(
        "postgresql restart: 200 uploads and 20 ACME orders (30 % nonces rejected): 0 lost, 0"
            + " issued twice; PostgreSQL away for "
            + Duration.between(restarting, restarted.get()).toMillis()
            + " ms; first upload stored "
            + (firstAfter.get() == null
                ? "n/a"
                : Duration.between(restarted.get(), firstAfter.get()).toMillis() + " ms")
            + " after it was back, cert-api not restarted; "
            + retried.get()
            + " requests retried by the clients");
  }

  @Test
  @Order(2)
  void kafkaStoppedForAMinuteDuringUploadsAndOrdersLosesNothing() throws Exception {
    long issuedBefore = pebble.issued();
    cluster.killKafka();
    Instant down = Instant.now();
    for (int i = 0; i < 5; i++) {
      acme("kafka-acme-" + i, "chaos", "kafka-acme-" + i + ".certflow.test");
    }
    for (int i = 0; i < 50; i++) {
      assertThat(uploadUntilStored("kafka-upload-" + i, "kafka-upload-" + i + ".example.test"))
          .isZero(); // cert-api takes uploads while Kafka is away: the outbox keeps them
    }
    // The outage lasts its full length whatever the uploads took.
    await("the outage has lasted " + KAFKA_OUTAGE)
        .atMost(KAFKA_OUTAGE.plusSeconds(10))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> Duration.between(down, Instant.now()).compareTo(KAFKA_OUTAGE) >= 0);
    cluster.restartKafka();
    Instant back = Instant.now();

    awaitValid("kafka-acme-", 5, Duration.ofMinutes(3));
    awaitEveryAgentCurrent(Duration.ofMinutes(2));
    Duration recovery = Duration.between(back, Instant.now());
    Map<String, Integer> versions = versions("kafka-");
    assertThat(versions).hasSize(55);
    assertThat(versions.values()).allMatch(count -> count == 1);
    assertThat(pebble.issued() - issuedBefore).isEqualTo(5);
    LocalCluster.Agent agent = cluster.agents.get("agent-2");
    assertThat(TlsProbe.serial(agent.ip(), agent.tlsPort(), "kafka-upload-49.example.test"))
        .isNotNull();
    figure(
        "kafka stopped "
            + KAFKA_OUTAGE.toSeconds()
            + " s during 50 uploads and 5 ACME orders: 0 lost, 0 issued twice; every agent current"
            + " and every order issued "
            + recovery.toMillis()
            + " ms after the broker was back");
  }

  @Test
  @Order(3)
  void dnsGatewayKilledBetweenPresentAndCleanUpLeavesNoRecord() throws Exception {
    String name = null;
    String txt = null;
    // The kill must land while a TXT record is out; an order quicker than the watch is retried
    // with another certificate (the CA's validation delay is random).
    for (int attempt = 0; attempt < 3 && name == null; attempt++) {
      String candidate = "gw-" + attempt;
      String recordName = "_acme-challenge." + candidate + ".certflow.test.";
      acmeDns(candidate, candidate + ".certflow.test");
      // Out in DNS, or issued and cleaned up between two looks.
      boolean out =
          await(recordName + " out or " + candidate + " issued")
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(10))
              .until(
                  () ->
                      !txt(recordName).isEmpty()
                          ? Boolean.TRUE
                          : "valid".equals(status(candidate)) ? Boolean.FALSE : null,
                  Objects::nonNull);
      if (out) {
        cluster.dnsGateway().kill();
        name = candidate;
        txt = recordName;
      }
    }
    assertThat(name).as("a TXT record was seen out before the order ended").isNotNull();
    String killed = name;
    // Killed while creating it (no id came back) or before removing it: either way the order
    // leaves it to the sweep.
    Pattern givenUp =
        Pattern.compile(
            "certificate " + killed + ": (presenting|cleaning up) the TXT record for .* failed");
    await("the order leaves the record to the sweep")
        .atMost(Duration.ofMinutes(1))
        .until(() -> givenUp.matcher(workerLog()).find());
    assertThat(txt(txt)).as("the record stays while no gateway runs").isNotEmpty();

    cluster.dnsGateway().start();
    cluster.dnsGateway().awaitHealthy(Duration.ofSeconds(90));
    Instant back = Instant.now();
    String leftover = txt;
    await("the left-over TXT record is removed")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> txt(leftover).isEmpty());
    Duration removed = Duration.between(back, Instant.now());
    String certificate = name;
    await(certificate + " valid")
        .atMost(Duration.ofMinutes(3))
        .until(() -> "valid".equals(status(certificate)));
    assertThat(versions(certificate)).containsEntry(certificate, 1);
    await("no record left").atMost(Duration.ofMinutes(1)).until(() -> txt(leftover).isEmpty());
    figure(
        "dns-gateway killed with a TXT record out: the record removed "
            + removed.toMillis()
            + " ms after a gateway was back, by the workers' sweep (CERTFLOW_DNS_CLEANUP_AFTER=10s);"
            + " the certificate issued once");
  }

  @Test
  @Order(4)
  void anAgentWhoseDirectoryTurnsReadOnlyServesFromMemoryAndCatchesUp() throws Exception {
    LocalCluster.Agent agent = cluster.agents.get("agent-1");
    Path dir = agent.certDir();
    Files.createDirectories(dir);
    // As root, permissions do not stop a write; the immutable flag does.
    Assumptions.assumeTrue(
        runQuietly("chattr", "+i", dir.toString()) == 0,
        "the file system here has no immutable flag (chattr +i)");
    try {
      uploadUntilStored("readonly", "readonly.example.test");
      String serial = serialOf("readonly");
      await("served from memory")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  serial.equals(
                      TlsProbe.serial(agent.ip(), agent.tlsPort(), "readonly.example.test")));
      assertThat(dir.resolve("readonly")).doesNotExist();
      await("the node reports it")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  cluster
                      .admin()
                      .get("/api/v1/agents/agent-1")
                      .then()
                      .body("file_failures", equalTo(1)));
      await("an alert is raised")
          .atMost(Duration.ofSeconds(30))
          .until(() -> alertMessages("agent_files").stream().anyMatch(m -> m.contains("agent-1")));
    } finally {
      runQuietly("chattr", "-i", dir.toString());
    }
    Instant writable = Instant.now();
    await("the files are written once the directory is writable")
        .atMost(Duration.ofSeconds(30))
        .until(() -> Files.exists(dir.resolve("readonly/fullchain.pem")));
    Duration caughtUp = Duration.between(writable, Instant.now());
    await("the alert clears")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                alertMessages("recovered").stream()
                    .anyMatch(m -> m.contains("agent_files (agent-1)")));
    figure(
        "agent directory read-only: served from memory throughout, reported and alerted; files"
            + " written "
            + caughtUp.toMillis()
            + " ms after it was writable again (CERTFLOW_FILE_RETRY=2s)");
  }

  // --- helpers ---------------------------------------------------------------------------------

  private void poisonWorkerTopics() throws Exception {
    Topics topics = Topics.defaults();
    String order =
        EventJson.write(
            Envelope.of(
                EventType.ORDER,
                new OrderCommand(
                    "o-poison",
                    "poison",
                    List.of("poison.certflow.test"),
                    "chaos",
                    "",
                    OrderCommand.HTTP_01,
                    null,
                    null,
                    false,
                    null,
                    null)));
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            cluster.kafka().client(LocalKafka.SUPER_USER),
            new StringSerializer(),
            new StringSerializer())) {
      for (String topic :
          List.of(topics.orders(), topics.agentChallenges(), topics.dnsCleanups())) {
        producer.send(new ProducerRecord<>(topic, "poison", PoisonSamples.MALFORMED)).get();
      }
      producer
          .send(new ProducerRecord<>(topics.orders(), "poison", PoisonSamples.newerSchema(order)))
          .get();
    }
  }

  private void acme(String name, String ca, String domain) {
    cluster
        .admin()
        .body(Map.of("name", name, "acme", ca, "domains", domain))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
  }

  private void acmeDns(String name, String domain) {
    cluster
        .admin()
        .body(
            Map.of(
                "name",
                name,
                "acme",
                "slow",
                "domains",
                domain,
                "dns_challenge",
                true,
                "dns_provider",
                "rfc2136",
                "dns_service_url",
                "$ENV:DNS_LOCAL"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
  }

  /**
   * Uploads as a careful client does: tries again on a 5xx or a connection failure, and takes a 409
   * for a certificate that is there as stored by an attempt whose answer was lost.
   *
   * @return how many times the upload was tried again
   */
  private int uploadUntilStored(String name, String domain) {
    TestPki.Issued leaf = TestPki.leaf(CA, 30, domain);
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("tls_cert", TestPki.pem(leaf.certificate(), CA.certificate()));
    body.put("tls_key", leaf.pkcs8Pem());
    AtomicInteger attempts = new AtomicInteger();
    // A client's back-off between attempts: 200 ms.
    await(name + " stored")
        .atMost(Duration.ofMinutes(2))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              attempts.incrementAndGet();
              return stored(name, body);
            });
    return attempts.get() - 1;
  }

  /** One upload attempt: true once stored, false to try again; a 4xx other than 409 fails. */
  private boolean stored(String name, Map<String, Object> body) {
    Response response;
    try {
      response = cluster.admin().body(body).post("/api/v1/certificates");
    } catch (RuntimeException e) {
      return false; // the connection failed: tried again
    }
    int status = response.statusCode();
    if (status == 201) {
      return true;
    }
    if (status == 409) {
      return cluster.admin().get("/api/v1/certificates/" + name).statusCode() == 200;
    }
    if (status < 500) {
      throw new AssertionError(name + ": upload answered " + status + ": " + response.asString());
    }
    return false;
  }

  private String workerLog() throws IOException {
    return Files.readString(cluster.work.resolve("worker-1.log"));
  }

  private String status(String name) {
    Response response = cluster.admin().get("/api/v1/certificates/" + name);
    return response.statusCode() == 200 ? response.jsonPath().getString("status") : null;
  }

  private String serialOf(String name) {
    return cluster.admin().get("/api/v1/certificates/" + name).jsonPath().getString("serial");
  }

  private void awaitValid(String prefix, int count, Duration within) {
    await(count + " certificates " + prefix + "* valid")
        .atMost(within)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> validCount(prefix) == count);
  }

  private int validCount(String prefix) throws SQLException {
    return countsByName(
            "select name, 1 from certificate where name like ? and current_version is not null",
            prefix)
        .size();
  }

  /** Every agent has read and applied every certificate's current version. */
  private void awaitEveryAgentCurrent(Duration within) {
    for (String agent : cluster.agents.keySet()) {
      await(agent + " current on every certificate")
          .atMost(within)
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () ->
                  cluster
                      .admin()
                      .get("/api/v1/agents/" + agent)
                      .then()
                      .statusCode(200)
                      .body("behind", equalTo(0))
                      .body("missing", equalTo(0)));
    }
  }

  /** Versions stored per certificate whose name starts with the prefix. */
  private static Map<String, Integer> versions(String prefix) throws SQLException {
    return countsByName(
        "select c.name, count(v.id) from certificate c left join certificate_version v"
            + " on v.certificate_id = c.id where c.name like ? group by c.name",
        prefix);
  }

  /** A query of (name, count) rows for the names that start with the prefix. */
  private static Map<String, Integer> countsByName(String sql, String prefix) throws SQLException {
    Map<String, Integer> counts = new HashMap<>();
    try (Connection db = database();
        PreparedStatement query = db.prepareStatement(sql)) {
      query.setString(1, prefix + "%");
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          counts.put(rows.getString(1), rows.getInt(2));
        }
      }
    }
    return counts;
  }

  private static Connection database() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:5432/" + LocalCluster.DATABASE, "postgres", "");
  }

  private List<String> alertMessages(String category) {
    return cluster
        .admin()
        .get("/api/v1/alerts?limit=200")
        .jsonPath()
        .getList("findAll { it.category == '" + category + "' }.message", String.class);
  }

  /** The TXT values at a name, asked of the zone's server directly. */
  private List<String> txt(String name) throws IOException {
    Lookup lookup = new Lookup(name, Type.TXT);
    lookup.setResolver(
        new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), knot.port)));
    lookup.setCache(null);
    Record[] answers = lookup.run();
    return answers == null
        ? List.of()
        : List.of(answers).stream().map(Record::rdataToString).toList();
  }

  private static void run(String... command) throws IOException, InterruptedException {
    int exit = runQuietly(command);
    if (exit != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
    }
  }

  private static int runQuietly(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }

  /** Prints a figure for docs/reliability.md and keeps it in target/chaos-figures.txt. */
  private static void figure(String line) throws IOException {
    System.out.println("CHAOS " + line);
    Files.writeString(
        Path.of("target", "chaos-figures.txt"),
        Instant.now() + " " + line + System.lineSeparator(),
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
