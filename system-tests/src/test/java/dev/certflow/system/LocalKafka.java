package dev.certflow.system;

import dev.certflow.security.KeySealer;
import dev.certflow.testing.TestInfra;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.Awaitility;

/**
 * The KRaft broker as {@code bin/certflow up} runs it: TLS with its own CA, SCRAM-SHA-512, and each
 * role's and each agent's principal with only its ACLs ({@code dev.certflow.broker.BrokerAccess}),
 * from the same templates and script.
 */
final class LocalKafka {

  /** The broker's super user; test tooling that is not a certflow part logs in as it. */
  static final String SUPER_USER = "certflow-broker";

  final int port = TestInfra.freePort();
  private final Path root;
  private final Path work;
  private final Path tls;
  private final Consumer<String> secrets;
  private final Map<String, String> passwords = new HashMap<>();
  private final Map<String, String> granted = new LinkedHashMap<>();
  private ServiceProcess process;

  LocalKafka(Path root, Path work, Consumer<String> secrets) {
    this.root = root;
    this.work = work;
    this.tls = work.resolve("kafka-tls");
    this.secrets = secrets;
  }

  void start() throws IOException, InterruptedException {
    Path data = work.resolve("kafka-data");
    Files.createDirectories(data);
    run(List.of(root.resolve("kafka-runtime/broker-tls.sh").toString(), tls.toString()), "tls");
    secrets.accept(Files.readString(tls.resolve("keystore-password")).strip());
    String broker = password(SUPER_USER);
    int controllerPort = TestInfra.freePort();
    String properties =
        Files.readString(root.resolve("kafka-runtime/server.properties.template"))
                .replace("@PORT@", String.valueOf(port))
                .replace("@CONTROLLER_PORT@", String.valueOf(controllerPort))
                .replace("@DATA_DIR@", data.toString())
                .replace("@CONTROLLER_PROTOCOL@", "SASL_PLAINTEXT")
                .replace("@PROTOCOL@", "SASL_SSL")
            + Files.readString(root.resolve("kafka-runtime/secure.properties.template"))
                .replace("@TLS_DIR@", tls.toString())
                .replace(
                    "@KEYSTORE_PASSWORD@",
                    Files.readString(tls.resolve("keystore-password")).strip())
                .replace("@BROKER_PASSWORD@", broker);
    Path config = work.resolve("server.properties");
    Files.writeString(config, properties);
    List<String> format = java();
    format.addAll(
        List.of(
            "kafka.tools.StorageTool",
            "format",
            "-t",
            "Y2VydGZsb3ctc3lzdGVtLQ",
            "-c",
            config.toString(),
            "--add-scram",
            "SCRAM-SHA-512=[name=" + SUPER_USER + ",password=" + broker + "]"));
    run(format, "kafka-format");
    List<String> broking = java();
    broking.addAll(List.of("kafka.Kafka", config.toString()));
    process = new ServiceProcess("kafka", broking, Map.of(), work.resolve("kafka.log"), null);
    restart();
    grant(Map.of("cert-api", "cert-api", "acme-worker", "acme-worker", "notifier", "notifier"));
  }

  /** Starts the broker again on the same data, as after a crash. */
  void restart() throws IOException {
    process.start();
    Awaitility.await("kafka port")
        .atMost(Duration.ofSeconds(60))
        .until(() -> LocalCluster.portOpen(port));
  }

  void kill() throws InterruptedException {
    process.kill();
  }

  void stop() throws InterruptedException {
    if (process != null) {
      process.stop();
    }
  }

  /**
   * The environment a certflow service logs in with as {@code principal}; an agent's principal is
   * given its credentials and ACLs the first time.
   */
  Map<String, String> login(String principal) throws IOException {
    if (!granted.containsKey(principal)) {
      try {
        grant(Map.of(principal, "agent"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while granting " + principal, e);
      }
    }
    return Map.of(
        "CERTFLOW_KAFKA_BOOTSTRAP", bootstrap(),
        "CERTFLOW_KAFKA_USERNAME", principal,
        "CERTFLOW_KAFKA_PASSWORD", password(principal),
        "CERTFLOW_KAFKA_TRUSTSTORE", tls.resolve("ca.pem").toString());
  }

  /** Client settings for a test's own Kafka client logged in as {@code principal}. */
  Properties client(String principal) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap());
    props.put("security.protocol", "SASL_SSL");
    props.put("sasl.mechanism", "SCRAM-SHA-512");
    props.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + principal
            + "\" password=\""
            + password(principal)
            + "\";");
    props.put("ssl.truststore.type", "PEM");
    props.put("ssl.truststore.location", tls.resolve("ca.pem").toString());
    return props;
  }

  String bootstrap() {
    return "127.0.0.1:" + port;
  }

  /** Gives principals (name → role) their credentials and ACLs, as {@code bin/certflow up} does. */
  private void grant(Map<String, String> principals) throws IOException, InterruptedException {
    Path admin = work.resolve("kafka-admin.properties");
    Properties props = client(SUPER_USER);
    try (var out = Files.newOutputStream(admin)) {
      props.store(out, null);
    }
    StringBuilder lines = new StringBuilder();
    principals.forEach(
        (name, role) ->
            lines
                .append(name)
                .append(' ')
                .append(role)
                .append(' ')
                .append(password(name))
                .append('\n'));
    Path file = work.resolve("kafka-principals");
    Files.writeString(file, lines);
    List<String> command = java();
    command.addAll(List.of("dev.certflow.broker.BrokerAccess", admin.toString(), file.toString()));
    run(command, "kafka-access");
    granted.putAll(principals);
  }

  private synchronized String password(String principal) {
    return passwords.computeIfAbsent(
        principal,
        name -> {
          String password = KeySealer.generateKey().replaceAll("[^A-Za-z0-9]", "");
          secrets.accept(password);
          return password;
        });
  }

  private List<String> java() throws IOException {
    String classpath =
        Files.readString(root.resolve("kafka-runtime/target/classpath.txt")).strip()
            + ":"
            + root.resolve("kafka-runtime/target/classes");
    return new ArrayList<>(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m",
            "-Dlog4j2.configurationFile=" + root.resolve("kafka-runtime/log4j2.properties"),
            "-cp",
            classpath));
  }

  private void run(List<String> command, String name) throws IOException, InterruptedException {
    Path log = work.resolve(name + ".log");
    Process running =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!running.waitFor(120, TimeUnit.SECONDS) || running.exitValue() != 0) {
      throw new IllegalStateException(name + " failed; see " + log);
    }
  }
}
