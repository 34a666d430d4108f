package dev.certflow.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** One service of the cluster as an operating-system process, with its log in a file. */
final class ServiceProcess {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path log;
  private final String healthUrl;
  private Process process;

  ServiceProcess(
      String name,
      List<String> command,
      Map<String, String> environment,
      Path log,
      String healthUrl) {
    this.name = name;
    this.command = command;
    this.environment = environment;
    this.log = log;
    this.healthUrl = healthUrl;
  }

  /** Starts the process with extra environment for this start only. */
  ServiceProcess start(Map<String, String> extra) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    builder.environment().putAll(extra);
    process = builder.start();
    return this;
  }

  ServiceProcess start() throws IOException {
    return start(Map.of());
  }

  /** Waits until the health URL answers 200 (or, without one, the given condition). */
  void awaitHealthy(Duration timeout) {
    Awaitility.await(name + " healthy (log: " + log + ")")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    name + " exited with " + process.exitValue() + "; see " + log);
              }
              return healthUrl == null || ok(healthUrl);
            });
  }

  private static boolean ok(String url) {
    try {
      HttpResponse<Void> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGKILL: the process gets no chance to clean up, as in a crash. */
  void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(20, TimeUnit.SECONDS);
    }
  }

  /** SIGTERM, then SIGKILL after 20 s. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  String name() {
    return name;
  }

  /** A URL of the service's own HTTP server (the one its health answers on). */
  String url(String path) {
    if (healthUrl == null) {
      throw new IllegalStateException(name + " has no HTTP server");
    }
    return healthUrl.replace("/q/health/ready", path);
  }
}
