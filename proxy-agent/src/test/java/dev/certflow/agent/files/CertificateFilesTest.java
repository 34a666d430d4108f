package dev.certflow.agent.files;

import static dev.certflow.agent.testing.BundleSender.bundle;
import static dev.certflow.agent.testing.BundleSender.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.certflow.agent.testing.AgentInfraResource;
import dev.certflow.agent.testing.BundleSender;
import dev.certflow.testing.TestPki;
import dev.certflow.testing.TlsProbe;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The files on disk for an external proxy, and a real nginx serving and reloading them. */
@QuarkusTest
@WithTestResource(value = AgentInfraResource.class, scope = TestResourceScope.GLOBAL)
class CertificateFilesTest {

  @Inject CertificateFiles files;

  private static final TestPki.Issued CA = TestPki.rootCa("files test ca");
  private static final Path NGINX = AgentInfraResource.NGINX;

  private static Path file(String name, String file) {
    return AgentInfraResource.CERT_DIR.resolve(name).resolve(file);
  }

  private static String read(Path path) {
    try {
      return Files.exists(path) ? Files.readString(path) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static long reloads() {
    try {
      return Files.exists(AgentInfraResource.RELOADS)
          ? Files.readAllLines(AgentInfraResource.RELOADS).size()
          : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  @Test
  void writesFilesAtomicallyWithPrivateKeyModeAndRemovesThemOnDelete() throws IOException {
    TestPki.Issued leaf = TestPki.leaf(CA, 30, "files.example.test");
    long before = reloads();
    send(bundle("files", 1, leaf, false, false, List.of("files.example.test")));

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> read(file("files", "fullchain.pem")).equals(leaf.certPem()));
    assertThat(read(file("files", "privkey.pem"))).isEqualTo(leaf.pkcs8Pem());
    assertThat(read(file("files", "combined.pem"))).isEqualTo(leaf.certPem() + leaf.pkcs8Pem());
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file("files", "privkey.pem"))))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file("files", "combined.pem"))))
        .isEqualTo("rw-------");
    try (var listing = Files.list(AgentInfraResource.CERT_DIR.resolve("files"))) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".tmp-"));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> reloads() > before);

    BundleSender.delete("files");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> !Files.exists(AgentInfraResource.CERT_DIR.resolve("files")));
  }

  /** The reload count once it has stopped changing (no reload pending). */
  private static long settledReloads() {
    AtomicLong last = new AtomicLong(-1);
    await()
        .during(Duration.ofMillis(800))
        .atMost(Duration.ofSeconds(15))
        .until(() -> last.getAndSet(reloads()) == reloads());
    return reloads();
  }

  @Test
  void aBurstOfChangesReloadsOnce() {
    long before = settledReloads();
    TestPki.Issued last = null;
    for (int v = 1; v <= 5; v++) {
      last = TestPki.leaf(CA, 30, "burst.example.test");
      send(bundle("burst", v, last, false, false, List.of("burst.example.test")));
    }
    String lastPem = last.certPem();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> read(file("burst", "fullchain.pem")).equals(lastPem) && reloads() > before);

    assertThat(settledReloads() - before).isLessThan(5);
  }

  @Test
  void realNginxServesTheFilesAndPicksUpAReplacement() throws Exception {
    TestPki.Issued first = TestPki.leaf(CA, 30, "nginx.example.test");
    send(bundle("web", 1, first, false, false, List.of("nginx.example.test")));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> read(file("web", "fullchain.pem")).equals(first.certPem()));

    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Files.createDirectories(NGINX.resolve("logs"));
    Files.writeString(
        NGINX.resolve("nginx.conf"),
        "daemon on;\npid "
            + NGINX.resolve("nginx.pid")
            + ";\nerror_log "
            + NGINX.resolve("logs/error.log")
            + ";\n"
            + "events {}\nhttp {\n  access_log off;\n  client_body_temp_path "
            + NGINX.resolve("tmp")
            + ";\n"
            + "  server {\n    listen 127.0.0.1:"
            + port
            + " ssl;\n"
            + "    ssl_certificate "
            + file("web", "fullchain.pem")
            + ";\n"
            + "    ssl_certificate_key "
            + file("web", "privkey.pem")
            + ";\n"
            + "    return 200 'ok';\n  }\n}\n");
    Process start =
        new ProcessBuilder("nginx", "-p", NGINX.toString(), "-c", "nginx.conf")
            .redirectErrorStream(true)
            .start();
    assertThat(start.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(start.exitValue())
        .as(new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();

    int nginxPort = port;
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                first
                    .serialHex()
                    .equals(TlsProbe.serial("127.0.0.1", nginxPort, "nginx.example.test")));

    TestPki.Issued second = TestPki.leaf(CA, 60, "nginx.example.test");
    send(bundle("web", 2, second, false, false, List.of("nginx.example.test")));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                second
                    .serialHex()
                    .equals(TlsProbe.serial("127.0.0.1", nginxPort, "nginx.example.test")));
  }

  @AfterAll
  static void stopNginx() throws Exception {
    if (Files.exists(NGINX.resolve("nginx.pid"))) {
      new ProcessBuilder("nginx", "-p", NGINX.toString(), "-c", "nginx.conf", "-s", "stop")
          .start()
          .waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aNameThatWouldLeaveTheDirectoryIsNeverWritten() {
    for (String forged : new String[] {"../escape", "a/../../b", "/etc", "..", ".", "", "a/b"}) {
      assertThat(files.folderOf(forged)).as(forged).isNull();
    }
    assertThat(files.folderOf("shop-1.example"))
        .isEqualTo(
            AgentInfraResource.CERT_DIR.toAbsolutePath().normalize().resolve("shop-1.example"));
  }
}
