package dev.certflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml is valid for docker-compose itself (Debian's docker-compose, no engine needed
 * for {@code config}) and names the same services, ports and variables as {@code bin/certflow}, so
 * the two ways of running certflow do not drift apart.
 */
class ComposeFileTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static JsonNode services;
  private static String script;

  @BeforeAll
  static void renderTheComposeFile() throws Exception {
    // Every variable of the example filled in, as a user's .env would be.
    List<String> env = new ArrayList<>();
    for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
      env.add(line.endsWith("=") ? line + "example-value" : line);
    }
    Path envFile = Files.createTempFile("certflow-compose", ".env");
    Files.write(envFile, env);
    Process process =
        new ProcessBuilder(
                "docker-compose",
                "--env-file",
                envFile.toString(),
                "-f",
                ROOT.resolve("docker-compose.yml").toString(),
                "config")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    services = new ObjectMapper(new YAMLFactory()).readTree(output).path("services");
    script = Files.readString(ROOT.resolve("bin/certflow"));
  }

  private static int scriptPort(String variable) {
    Matcher m =
        Pattern.compile("^" + variable + "=(?:\\$\\{[A-Z_]+:-)?([0-9]+)", Pattern.MULTILINE)
            .matcher(script);
    assertThat(m.find()).as(variable + " in bin/certflow").isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** A published port: the host address and port, from the long or the short syntax. */
  private record Published(String hostIp, String port) {
    static Published of(JsonNode entry) {
      if (entry.has("published")) {
        return new Published(entry.path("host_ip").asText(""), entry.path("published").asText());
      }
      String[] parts = entry.asText().split(":", -1);
      return parts.length == 3 ? new Published(parts[0], parts[1]) : new Published("", parts[0]);
    }
  }

  private static List<Published> published(String service) {
    List<Published> ports = new ArrayList<>();
    services.path(service).path("ports").forEach(p -> ports.add(Published.of(p)));
    return ports;
  }

  private static List<String> hostPorts(String service) {
    return published(service).stream().map(Published::port).toList();
  }

  @Test
  void publishesOnLoopbackUnlessToldOtherwise() {
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    for (String service : names) {
      for (Published port : published(service)) {
        assertThat(port.hostIp()).as(service + " port " + port.port()).isEqualTo("127.0.0.1");
      }
    }
  }

  @Test
  void namesEveryServiceOfTheLocalCluster() {
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .contains(
            "postgres",
            "kafka",
            "pebble",
            "cert-api",
            "dns-gateway",
            "acme-worker",
            "notifier",
            "agent-1",
            "agent-2");
    for (String service : List.of("cert-api", "dns-gateway", "acme-worker", "notifier")) {
      assertThat(script).as("bin/certflow starts " + service).contains(service);
    }
  }

  @Test
  void usesTheSamePortsAsBinCertflow() {
    assertThat(hostPorts("cert-api")).contains(String.valueOf(scriptPort("API_PORT")));
    assertThat(hostPorts("dns-gateway")).contains(String.valueOf(scriptPort("GATEWAY_PORT")));
    assertThat(hostPorts("acme-worker")).contains(String.valueOf(scriptPort("WORKER_PORT")));
    assertThat(hostPorts("notifier")).contains(String.valueOf(scriptPort("NOTIFIER_PORT")));
    assertThat(hostPorts("agent-1"))
        .contains(
            String.valueOf(scriptPort("AGENT_TLS_PORT")),
            String.valueOf(scriptPort("AGENT_HTTP_PORT")));
  }

  @Test
  void givesEachServiceTheVariablesBinCertflowGivesIt() throws IOException {
    Map<String, List<String>> required =
        Map.of(
            "cert-api",
            List.of(
                "CERTFLOW_MASTER_KEY",
                "CERTFLOW_AGENT_KEY",
                "CERTFLOW_DNS_KEY",
                "CERTFLOW_NOTIFY_KEY",
                "CERTFLOW_ADMIN_TOKEN",
                "CERTFLOW_VIEWER_TOKENS",
                "CERTFLOW_DB_URL",
                "CERTFLOW_KAFKA_BOOTSTRAP",
                "CERTFLOW_KAFKA_USERNAME",
                "CERTFLOW_KAFKA_PASSWORD",
                "CERTFLOW_KAFKA_TRUSTSTORE"),
            "dns-gateway",
            List.of("CERTFLOW_DNS_KEY", "CERTFLOW_DNS_GATEWAY_TOKEN", "CERTFLOW_HTTP_PORT"),
            "acme-worker",
            List.of(
                "CERTFLOW_ACME_ACCOUNT_KEY",
                "CERTFLOW_DNS_GATEWAY_URL",
                "CERTFLOW_DNS_GATEWAY_TOKEN",
                "CERTFLOW_KAFKA_BOOTSTRAP",
                "CERTFLOW_KAFKA_USERNAME",
                "CERTFLOW_KAFKA_PASSWORD"),
            "notifier",
            List.of(
                "CERTFLOW_NOTIFY_KEY",
                "CERTFLOW_KAFKA_BOOTSTRAP",
                "CERTFLOW_KAFKA_USERNAME",
                "CERTFLOW_KAFKA_PASSWORD"),
            "agent-1",
            List.of(
                "CERTFLOW_AGENT_ID",
                "CERTFLOW_AGENT_KEY",
                "CERTFLOW_TLS_PORT",
                "CERTFLOW_HTTP_PORT",
                "CERTFLOW_KAFKA_USERNAME",
                "CERTFLOW_KAFKA_PASSWORD",
                "CERTFLOW_KAFKA_TRUSTSTORE"));
    required.forEach(
        (service, variables) -> {
          JsonNode environment = services.path(service).path("environment");
          for (String variable : variables) {
            assertThat(environment.has(variable)).as(service + " " + variable).isTrue();
            assertThat(script).as("bin/certflow sets " + variable).contains(variable);
          }
        });
    assertThat(Files.readString(ROOT.resolve(".gitignore"))).contains(".env");
    assertThat(
            services
                .path("cert-api")
                .path("depends_on")
                .path("postgres")
                .path("condition")
                .asText())
        .isEqualTo("service_healthy");
  }

  /**
   * The broker is certflow's own secured one, as bin/certflow runs it: each service logs in as its
   * own principal, and the broker is given a password for each of them (and for itself).
   */
  @Test
  void eachServiceLogsInToTheSecuredBrokerAsItsOwnPrincipal() {
    JsonNode kafka = services.path("kafka");
    assertThat(kafka.path("build").path("dockerfile").asText())
        .isEqualTo("docker/Dockerfile.kafka");
    assertThat(kafka.path("environment").has("CERTFLOW_KAFKA_BROKER_PASSWORD")).isTrue();
    Map<String, String> principals =
        Map.of(
            "cert-api", "CERT_API",
            "acme-worker", "ACME_WORKER",
            "notifier", "NOTIFIER",
            "agent-1", "AGENT_1",
            "agent-2", "AGENT_2");
    principals.forEach(
        (service, suffix) -> {
          JsonNode environment = services.path(service).path("environment");
          assertThat(environment.path("CERTFLOW_KAFKA_USERNAME").asText())
              .as(service)
              .isEqualTo(service);
          assertThat(kafka.path("environment").has("CERTFLOW_KAFKA_PASSWORD_" + suffix))
              .as("the broker knows " + service)
              .isTrue();
        });
  }
}
