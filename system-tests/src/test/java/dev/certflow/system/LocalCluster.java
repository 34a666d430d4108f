package dev.certflow.system;

import dev.certflow.security.KeySealer;
import dev.certflow.security.RecordSignature;
import dev.certflow.testing.TestInfra;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system as separate processes, as {@code bin/certflow up} runs it: a KRaft Kafka broker
 * from the kafka-runtime classpath, cert-api and proxy-agents from their built jars, and the local
 * PostgreSQL (database {@code certflow_system_test}).
 */
final class LocalCluster implements AutoCloseable {

  static final String ADMIN_TOKEN = "system-test-admin";
  static final String DATABASE = "certflow_system_test";

  final Path root = Path.of(System.getProperty("certflow.root", "..")).toAbsolutePath().normalize();
  final Path work;
  final int apiPort = TestInfra.freePort();
  final Map<String, Agent> agents = new LinkedHashMap<>();
  private final String masterKey = KeySealer.generateKey();
  private final String agentKey = KeySealer.generateKey();
  final String dnsKey = KeySealer.generateKey();
  final String gatewayToken = KeySealer.generateKey();
  // cert-api signs every record with the first, agents verify with the second.
  private final String[] signingKey = RecordSignature.generate();
  // Workers sign HTTP-01 tokens with the first, agents verify with the second.
  private final String[] challengeSigningKey = RecordSignature.generate();
  private final String notifyKey = KeySealer.generateKey();
  final Map<String, ServiceProcess> workers = new LinkedHashMap<>();
  private final LocalKafka kafka;
  private ServiceProcess certApi;

  /**
   * One proxy node.
   *
   * @param ip its loopback address
   */
  record Agent(
      String id, String ip, int tlsPort, int httpPort, Path certDir, ServiceProcess process) {}

  LocalCluster() throws IOException {
    work = Files.createTempDirectory("certflow-system");
    kafka =
        new LocalKafka(
            root,
            work,
            value -> {
              try {
                secret(value);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    ServiceLogsOnFailure.register(work);
    for (String key :
        List.of(
            masterKey,
            agentKey,
            dnsKey,
            notifyKey,
            gatewayToken,
            signingKey[0],
            challengeSigningKey[0])) {
      secret(key);
    }
  }

  /**
   * Lists a secret this run made, for the test command's scan: it must appear in no log ({@code
   * bin/certflow test} greps every service log for each line of {@code secrets.list}).
   */
  void secret(String value) throws IOException {
    Files.writeString(
        work.resolve("secrets.list"),
        value + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** The master key cert-api starts with, unless a start overrides it. */
  String masterKey() {
    return masterKey;
  }

  /** The agent key cert-api and the agents start with, unless a start overrides it. */
  String agentKey() {
    return agentKey;
  }

  /** A request to cert-api as the admin, with a JSON body. */
  RequestSpecification admin() {
    return RestAssured.given()
        .baseUri(api())
        .auth()
        .oauth2(ADMIN_TOKEN)
        .contentType(ContentType.JSON);
  }

  String api() {
    return "http://127.0.0.1:" + apiPort;
  }

  void startKafka() throws IOException, InterruptedException {
    kafka.start();
  }

  /** Starts Kafka again on the same data, as after a crash. */
  void restartKafka() throws IOException {
    kafka.restart();
  }

  void killKafka() throws InterruptedException {
    kafka.kill();
  }

  /** The broker, for a test's own clients. */
  LocalKafka kafka() {
    return kafka;
  }

  void startCertApi(boolean cleanDatabase) throws IOException {
    startCertApi(cleanDatabase, Map.of());
  }

  void startCertApi(boolean cleanDatabase, Map<String, String> extra) throws IOException {
    if (certApi == null) {
      TestInfra.createDatabase(DATABASE);
      Map<String, String> env = new HashMap<>();
      env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
      env.put("QUARKUS_HTTP_PORT", String.valueOf(apiPort));
      env.putAll(kafka.login("cert-api"));
      env.put("CERTFLOW_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + DATABASE);
      env.put("CERTFLOW_MASTER_KEY", masterKey);
      env.put("CERTFLOW_SIGNING_KEY", signingKey[0]);
      env.put("CERTFLOW_AGENT_KEY", agentKey);
      env.put("CERTFLOW_ADMIN_TOKEN", ADMIN_TOKEN);
      env.put("CERTFLOW_AGENT_SILENT_AFTER", "20s");
      env.put("CERTFLOW_DNS_KEY", dnsKey);
      env.put("CERTFLOW_NOTIFY_KEY", notifyKey);
      env.put("CERTFLOW_NOTIFY_ALLOW_LOOPBACK", "true");
      env.putAll(extra);
      certApi =
          new ServiceProcess(
              "cert-api",
              javaJar("cert-api"),
              env,
              work.resolve("cert-api.log"),
              api() + "/q/health/ready");
    }
    certApi.start(
        cleanDatabase
            ? Map.of(
                "QUARKUS_FLYWAY_CLEAN_AT_START", "true", "QUARKUS_FLYWAY_CLEAN_DISABLED", "false")
            : Map.of());
    certApi.awaitHealthy(Duration.ofSeconds(90));
  }

  ServiceProcess certApi() {
    return certApi;
  }

  /** Signs the browser in to the web UI with the admin token and waits for the overview. */
  void signIn(org.openqa.selenium.WebDriver browser) {
    browser.get(api() + "/");
    browser.findElement(org.openqa.selenium.By.id("token")).sendKeys(ADMIN_TOKEN);
    browser.findElement(org.openqa.selenium.By.cssSelector("form button[type=submit]")).click();
    browser.findElement(org.openqa.selenium.By.xpath("//h1[text()='Overview']"));
  }

  Agent startAgent(String id, String ip, Map<String, String> extra) throws IOException {
    return startAgent(id, ip, TestInfra.freePort(), extra);
  }

  /** Starts (or restarts) an agent; agents that answer HTTP-01 share one HTTP port. */
  Agent startAgent(String id, String ip, int httpPort, Map<String, String> extra)
      throws IOException {
    Agent agent = agents.get(id);
    if (agent == null) {
      int tlsPort = TestInfra.freePort();
      Path certDir = work.resolve(id + "-certs");
      Map<String, String> env = new HashMap<>(extra);
      env.put("CERTFLOW_AGENT_ID", id);
      env.put("CERTFLOW_AGENT_KEY", agentKey);
      env.put("CERTFLOW_SIGNING_PUBLIC_KEY", signingKey[1]);
      env.put("CERTFLOW_CHALLENGE_SIGNING_PUBLIC_KEY", challengeSigningKey[1]);
      env.putAll(kafka.login(id));
      env.put("CERTFLOW_TLS_HOST", ip);
      env.put("CERTFLOW_TLS_PORT", String.valueOf(tlsPort));
      env.put("CERTFLOW_HTTP_HOST", ip);
      env.put("CERTFLOW_HTTP_PORT", String.valueOf(httpPort));
      env.put("CERTFLOW_CERT_DIR", certDir.toString());
      env.put("CERTFLOW_STATUS_INTERVAL", "5s");
      ServiceProcess process =
          new ServiceProcess(
              id,
              javaJar("proxy-agent"),
              env,
              work.resolve(id + ".log"),
              "http://" + ip + ":" + httpPort + "/q/health/ready");
      agent = new Agent(id, ip, tlsPort, httpPort, certDir, process);
      agents.put(id, agent);
    }
    agent.process().start();
    agent.process().awaitHealthy(Duration.ofSeconds(90));
    return agent;
  }

  /** Starts an acme-worker; {@code env} names the CAs it knows. */
  ServiceProcess startWorker(String id, Map<String, String> env) throws IOException {
    ServiceProcess worker = workers.get(id);
    if (worker == null) {
      int httpPort = TestInfra.freePort();
      Map<String, String> all = new HashMap<>(env);
      all.putAll(kafka.login("acme-worker"));
      all.put("CERTFLOW_HTTP_PORT", String.valueOf(httpPort));
      all.put("CERTFLOW_ACME_ACCOUNT_KEY", accountKey());
      all.put("CERTFLOW_DNS_KEY", dnsKey);
      all.put("CERTFLOW_DNS_GATEWAY_TOKEN", gatewayToken);
      all.put("CERTFLOW_CHALLENGE_SIGNING_KEY", challengeSigningKey[0]);
      all.put("CERTFLOW_SIGNING_PUBLIC_KEY", signingKey[1]);
      worker =
          new ServiceProcess(
              id,
              javaJar("acme-worker"),
              all,
              work.resolve(id + ".log"),
              "http://127.0.0.1:" + httpPort + "/q/health/ready");
      workers.put(id, worker);
    }
    worker.start();
    worker.awaitHealthy(Duration.ofSeconds(90));
    return worker;
  }

  private String accountKey;

  /** Starts dns-gateway; returns its base URL. */
  String startDnsGateway(Map<String, String> env) throws IOException {
    int port = TestInfra.freePort();
    Map<String, String> all = new HashMap<>(env);
    all.put("CERTFLOW_HTTP_PORT", String.valueOf(port));
    all.put("CERTFLOW_DNS_KEY", dnsKey);
    all.put("CERTFLOW_DNS_GATEWAY_TOKEN", gatewayToken);
    ServiceProcess gateway =
        new ServiceProcess(
            "dns-gateway",
            javaJar("dns-gateway"),
            all,
            work.resolve("dns-gateway.log"),
            "http://127.0.0.1:" + port + "/q/health/ready");
    workers.put("dns-gateway", gateway);
    gateway.start();
    gateway.awaitHealthy(Duration.ofSeconds(90));
    return "http://127.0.0.1:" + port;
  }

  /** The dns-gateway started last. */
  ServiceProcess dnsGateway() {
    return workers.get("dns-gateway");
  }

  /** Starts (or restarts) the notifier, which may deliver to loopback receivers. */
  ServiceProcess startNotifier(Map<String, String> env) throws IOException {
    ServiceProcess notifier = workers.get("notifier");
    if (notifier == null) {
      int port = TestInfra.freePort();
      Map<String, String> all = new HashMap<>(env);
      all.putAll(kafka.login("notifier"));
      all.put("CERTFLOW_HTTP_PORT", String.valueOf(port));
      all.put("CERTFLOW_NOTIFY_KEY", notifyKey);
      all.put("CERTFLOW_SIGNING_PUBLIC_KEY", signingKey[1]);
      all.put("CERTFLOW_NOTIFY_ALLOW_LOOPBACK", "true");
      notifier =
          new ServiceProcess(
              "notifier",
              javaJar("notifier"),
              all,
              work.resolve("notifier.log"),
              "http://127.0.0.1:" + port + "/q/health/ready");
      workers.put("notifier", notifier);
    }
    notifier.start();
    notifier.awaitHealthy(Duration.ofSeconds(90));
    return notifier;
  }

  /** One ACME account key for every worker, made by openssl as bin/certflow makes it. */
  private synchronized String accountKey() throws IOException {
    if (accountKey == null) {
      Process openssl =
          new ProcessBuilder("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout")
              .start();
      accountKey = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
    return accountKey;
  }

  private List<String> javaJar(String module) {
    Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build the modules first (bin/certflow test does)");
    }
    return List.of(
        javaBin(),
        "-Xmx256m",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-jar",
        jar.toString());
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static boolean portOpen(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    ServiceLogsOnFailure.unregister(work);
    try {
      for (ServiceProcess worker : workers.values()) {
        worker.stop();
      }
      for (Agent agent : agents.values()) {
        agent.process().stop();
      }
      if (certApi != null) {
        certApi.stop();
      }
      kafka.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
