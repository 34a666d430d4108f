package dev.certflow.system;

import dev.certflow.testing.TestInfra;
import dev.certflow.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * A real ACME server: Debian's Pebble, with a TLS certificate made here for its own listener (the
 * package ships none), resolving names through the test's DNS server.
 */
final class Pebble {

  final int port = TestInfra.freePort();
  final int managementPort = TestInfra.freePort();
  final Path trust;

  /** The listener's certificate and key, for a front that stands in Pebble's place. */
  final TestPki.Issued listener;

  private final ServiceProcess process;
  private final Path log;

  /**
   * Starts Pebble.
   *
   * @param httpPort the port it validates HTTP-01 on (the agents' HTTP port)
   * @param dnsServer host:port of the DNS server it resolves names with
   * @param env extra environment, e.g. PEBBLE_VA_ALWAYS_VALID
   */
  Pebble(Path work, int httpPort, String dnsServer, Map<String, String> env) throws IOException {
    Path dir = Files.createDirectories(work.resolve("pebble-" + port));
    log = work.resolve("pebble-" + port + ".log");
    TestPki.Issued root = TestPki.rootCa("pebble listener root");
    listener = TestPki.leaf(root, 30, "localhost", "127.0.0.1");
    trust = dir.resolve("trust.pem");
    Files.writeString(trust, root.certPem());
    Files.writeString(dir.resolve("cert.pem"), listener.certPem());
    Files.writeString(dir.resolve("key.pem"), listener.pkcs8Pem());
    Files.writeString(
        dir.resolve("pebble.json"),
        "{\"pebble\": {\"listenAddress\": \"127.0.0.1:"
            + port
            + "\", \"managementListenAddress\": \"127.0.0.1:"
            + managementPort
            + "\", \"certificate\": \""
            + dir.resolve("cert.pem")
            + "\", \"privateKey\": \""
            + dir.resolve("key.pem")
            + "\", \"httpPort\": "
            + httpPort
            + ", \"tlsPort\": "
            + TestInfra.freePort()
            + ", \"ocspResponderURL\": \"\", \"externalAccountBindingRequired\": false}}");
    Map<String, String> environment =
        new HashMap<>(
            Map.of(
                "PEBBLE_VA_NOSLEEP", "1", "PEBBLE_WFE_NONCEREJECT", "0", "PEBBLE_AUTHZREUSE", "0"));
    environment.putAll(env);
    process =
        new ServiceProcess(
            "pebble",
            List.of(
                "pebble",
                "-config",
                dir.resolve("pebble.json").toString(),
                "-dnsserver",
                dnsServer),
            environment,
            log,
            null);
    process.start();
    Awaitility.await("pebble listening")
        .atMost(Duration.ofSeconds(20))
        .until(() -> LocalCluster.portOpen(port));
  }

  String directory() {
    return "https://127.0.0.1:" + port + "/dir";
  }

  /** Pebble's own view of a certificate, by serial (hex): {@code Valid} or {@code Revoked}. */
  String status(java.math.BigInteger serial) throws Exception {
    java.net.http.HttpClient client =
        java.net.http.HttpClient.newBuilder()
            .sslContext(dev.certflow.security.PemTrust.context(trust.toString()))
            .build();
    String body =
        client
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "https://127.0.0.1:"
                                + managementPort
                                + "/cert-status-by-serial/"
                                + serial.toString(16)))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("Status").asText();
  }

  /** How many certificates this Pebble has issued, from its log. */
  long issued() throws IOException {
    try (var lines = Files.lines(log)) {
      return lines.filter(l -> l.contains("Issued certificate serial")).count();
    }
  }

  void stop() throws InterruptedException {
    process.stop();
  }
}
