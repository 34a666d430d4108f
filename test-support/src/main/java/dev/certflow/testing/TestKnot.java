package dev.certflow.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real authoritative DNS server (Knot) for the zone {@code certflow.test}, accepting RFC 2136
 * updates signed with a TSIG key (hmac-sha256); updates stay in memory. Pebble resolves through it.
 */
public final class TestKnot implements AutoCloseable {

  public static final String ZONE = "certflow.test";
  public static final String TSIG_NAME = "certflow-update";

  public final int port = TestInfra.freePort();
  public final String tsigSecret;
  private final Process process;

  /**
   * Starts knotd.
   *
   * @param records zone records below {@code certflow.test}: name to an IPv4 address, or to "TYPE
   *     data"
   */
  public TestKnot(Path work, Map<String, String> records) throws IOException {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    tsigSecret = Base64.getEncoder().encodeToString(secret);
    Path dir = Files.createDirectories(work.resolve("knot"));
    Files.createDirectories(dir.resolve("run"));
    Files.createDirectories(dir.resolve("db"));
    StringBuilder zone =
        new StringBuilder()
            .append("$ORIGIN ")
            .append(ZONE)
            .append(".\n$TTL 5\n")
            .append("@ SOA ns.")
            .append(ZONE)
            .append(". hostmaster.")
            .append(ZONE)
            .append(". 1 3600 600 86400 5\n")
            .append("@ NS ns\nns A 127.0.0.1\nready A 127.0.0.1\n");
    // A value is an IPv4 address, or a whole "TYPE data" such as "CNAME other.certflow.test.".
    records.forEach(
        (name, value) ->
            zone.append(name)
                .append(value.matches("[A-Z]+ .*") ? " " : " A ")
                .append(value)
                .append('\n'));
    Files.writeString(dir.resolve(ZONE + ".zone"), zone.toString());
    Files.writeString(
        dir.resolve("knot.conf"),
        "server:\n    rundir: \""
            + dir.resolve("run")
            + "\"\n    listen: 127.0.0.1@"
            + port
            + "\n"
            + "database:\n    storage: \""
            + dir.resolve("db")
            + "\"\n"
            + "log:\n  - target: stdout\n    any: info\n"
            + "key:\n  - id: "
            + TSIG_NAME
            + "\n    algorithm: hmac-sha256\n    secret: "
            + tsigSecret
            + "\n"
            + "acl:\n  - id: update\n    key: "
            + TSIG_NAME
            + "\n    action: update\n"
            + "zone:\n  - domain: "
            + ZONE
            + "\n    storage: \""
            + dir
            + "\"\n    file: "
            + ZONE
            + ".zone\n"
            + "    acl: update\n    journal-content: none\n    zonefile-sync: -1\n    zonefile-load: whole\n");
    process =
        new ProcessBuilder(List.of("knotd", "-c", dir.resolve("knot.conf").toString()))
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("knot.log").toFile())
            .start();
    Awaitility.await("knot listening (log: " + work.resolve("knot.log") + ")")
        .atMost(Duration.ofSeconds(20))
        .until(() -> portOpen(port));
  }

  private static boolean portOpen(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  /** The rfc2136 dns_service_url for this server. */
  public String serviceUrl() {
    return "rfc2136://127.0.0.1:"
        + port
        + "?tsig_name="
        + TSIG_NAME
        + "&tsig_secret="
        + tsigSecret
        + "&tsig_algorithm=hmac-sha256";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
