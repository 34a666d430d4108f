package dev.certflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.certflow.testing.TestPki;
import dev.certflow.testing.TlsProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Propagation latency: from the 201 of an upload to the moment each agent serves the new serial
 * over TLS. Uploads run one after another; every agent is probed with real handshakes every {@code
 * POLL_MS} milliseconds, so that is the resolution of each sample.
 *
 * <p>Usage: {@code PropagationBenchmark API_URL TOKEN UPLOADS HOST:PORT[,HOST:PORT...]}
 */
public final class PropagationBenchmark {

  static final long POLL_MS = 5;
  static final long TIMEOUT_MS = 30_000;

  private PropagationBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println(
          "usage: PropagationBenchmark API_URL TOKEN UPLOADS HOST:PORT[,HOST:PORT...]");
      System.exit(2);
    }
    String api = args[0];
    String token = args[1];
    int uploads = Integer.parseInt(args[2]);
    List<String[]> agents =
        Arrays.stream(args[3].split(",", -1)).map(a -> a.split(":", -1)).toList();
    String run = Long.toString(System.currentTimeMillis(), 36);
    TestPki.Issued ca = TestPki.rootCa("certflow bench " + run);
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    ExecutorService probes = Executors.newFixedThreadPool(agents.size());
    List<Double> perAgent = new ArrayList<>();
    List<Double> allAgents = new ArrayList<>();

    for (int i = 0; i < uploads + 5; i++) {
      boolean warmUp = i < 5;
      String name = "bench-" + run + "-" + i;
      String host = name + ".bench.test";
      TestPki.Issued leaf = TestPki.leaf(ca, 30, host);
      String body =
          json.writeValueAsString(
              Map.of("name", name, "tls_cert", leaf.certPem(), "tls_key", leaf.pkcs8Pem()));
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(api + "/api/v1/certificates"))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      long created = System.nanoTime();
      if (response.statusCode() != 201) {
        throw new IllegalStateException(
            "upload " + name + " answered " + response.statusCode() + ": " + response.body());
      }
      List<Future<Double>> waits = new ArrayList<>();
      for (String[] agent : agents) {
        waits.add(
            probes.submit(
                () ->
                    awaitSerial(
                        agent[0], Integer.parseInt(agent[1]), host, leaf.serialHex(), created)));
      }
      double slowest = 0;
      for (Future<Double> wait : waits) {
        double ms = wait.get();
        slowest = Math.max(slowest, ms);
        if (!warmUp) {
          perAgent.add(ms);
        }
      }
      if (!warmUp) {
        allAgents.add(slowest);
      }
      http.send(
          HttpRequest.newBuilder(URI.create(api + "/api/v1/certificates/" + name))
              .header("Authorization", "Bearer " + token)
              .DELETE()
              .build(),
          HttpResponse.BodyHandlers.discarding());
    }
    probes.shutdown();
    probes.awaitTermination(5, TimeUnit.SECONDS);
    System.out.printf(
        Locale.ROOT, "agents=%d uploads=%d poll=%dms%n", agents.size(), uploads, POLL_MS);
    System.out.printf(
        Locale.ROOT,
        "each agent   : p50 %.0f ms  p99 %.0f ms  max %.0f ms%n",
        percentile(perAgent, 50),
        percentile(perAgent, 99),
        percentile(perAgent, 100));
    System.out.printf(
        Locale.ROOT,
        "all agents   : p50 %.0f ms  p99 %.0f ms  max %.0f ms%n",
        percentile(allAgents, 50),
        percentile(allAgents, 99),
        percentile(allAgents, 100));
  }

  private static double awaitSerial(
      String host, int port, String serverName, String serial, long since)
      throws InterruptedException {
    long deadline = since + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
    while (System.nanoTime() < deadline) {
      if (serial.equals(TlsProbe.serial(host, port, serverName))) {
        return (System.nanoTime() - since) / 1e6;
      }
      Thread.sleep(POLL_MS);
    }
    throw new IllegalStateException(
        host + ":" + port + " did not serve " + serverName + " within " + TIMEOUT_MS + " ms");
  }

  static double percentile(List<Double> samples, int p) {
    List<Double> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }
}
