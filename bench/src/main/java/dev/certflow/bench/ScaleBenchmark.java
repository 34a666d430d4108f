package dev.certflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.certflow.testing.TestPki;
import dev.certflow.testing.TlsProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Scale: N uploaded certificates plus M issued through the local ACME CA, on one cert-api and every
 * agent, measured against the targets of issue 13. Prints each figure beside its target.
 *
 * <p>Usage: {@code ScaleBenchmark API_URL TOKEN N ACME RUN_DIR AGENT_HOST:PORT[,...]} where RUN_DIR
 * holds the pid files of {@code bin/certflow up}.
 */
public final class ScaleBenchmark {

  private static final int CLIENTS = 8;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String api;
  private final String token;
  private final Path run;
  private final List<String[]> agents;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> rows = new ArrayList<>();

  private ScaleBenchmark(String api, String token, Path run, List<String[]> agents) {
    this.api = api;
    this.token = token;
    this.run = run;
    this.agents = agents;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: ScaleBenchmark API_URL TOKEN N ACME RUN_DIR HOST:PORT[,...]");
      System.exit(2);
    }
    List<String[]> agents = new ArrayList<>();
    for (String agent : args[5].split(",", -1)) {
      agents.add(agent.split(":", -1));
    }
    new ScaleBenchmark(args[0], args[1], Path.of(args[4]), agents)
        .run(Integer.parseInt(args[2]), Integer.parseInt(args[3]));
  }

  private void run(int n, int acme) throws Exception {
    if (Boolean.getBoolean("scale.apiOnly")) {
      // Against a cluster that already holds the N certificates: the read side alone.
      idleHandshakes(n);
      api();
      background();
      return;
    }
    System.out.printf(Locale.ROOT, "generating %d certificates...%n", n);
    TestPki.Issued root = TestPki.rootCa("certflow scale root");
    TestPki.Issued ca = TestPki.intermediateCa(root, "certflow scale intermediate");
    String caPem = TestPki.pem(ca.certificate());
    List<String> bodies =
        IntStream.range(0, n)
            .parallel()
            .mapToObj(i -> body(ca, caPem, i))
            .collect(Collectors.toList());

    uploads(bodies);
    if (Boolean.getBoolean("scale.uploadsOnly")) {
      return;
    }
    awaitDeployed(n);
    idleHandshakes(n);
    api();
    background();
    acme(acme);
    propagation();
    memory("after everything");
    System.out.println();
    System.out.printf(Locale.ROOT, "%-58s %-16s %s%n", "figure", "measured", "target");
    rows.forEach(System.out::println);
  }

  /** Names s0, s1, ...; another prefix (-Dscale.prefix) adds to a cluster that holds those. */
  private static final String PREFIX = System.getProperty("scale.prefix", "s");

  private static String body(TestPki.Issued ca, String caPem, int i) {
    String host = PREFIX + i + ".scale.test";
    TestPki.Issued leaf = TestPki.leaf(ca, 90, host);
    try {
      return JSON.writeValueAsString(
          Map.of(
              "name", PREFIX + i, "tls_cert", leaf.certPem() + caPem, "tls_key", leaf.pkcs8Pem()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void row(String figure, String measured, String target) {
    String line = String.format(Locale.ROOT, "%-58s %-16s %s", figure, measured, target);
    rows.add(line);
    System.out.println(line);
  }

  // --- uploads, with memory and handshakes sampled while they run --------------------------

  private void uploads(List<String> bodies) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean done = new AtomicBoolean();
    List<Double> handshakes = new CopyOnWriteArrayList<>();
    long[] peakHeap = new long[1];
    Map<String, Long> peakRss = new ConcurrentHashMap<>();
    List<Double> rates = new CopyOnWriteArrayList<>();
    Thread sampler =
        new Thread(
            () -> {
              int last = 0;
              long lastAt = System.nanoTime();
              while (!done.get()) {
                sleep(1000);
                peakHeap[0] = Math.max(peakHeap[0], heapUsed());
                for (String process : processes()) {
                  peakRss.merge(process, rss(process), Math::max);
                }
                int now = next.get();
                long at = System.nanoTime();
                rates.add((now - last) / ((at - lastAt) / 1e9));
                last = now;
                lastAt = at;
              }
            });
    Thread prober =
        new Thread(
            () -> {
              String[] agent = agents.get(0);
              while (!done.get()) {
                int known = next.get() - CLIENTS * 4;
                if (known > 0) {
                  String host = PREFIX + ThreadLocalRandom.current().nextInt(known) + ".scale.test";
                  long start = System.nanoTime();
                  TlsProbe.serial(agent[0], Integer.parseInt(agent[1]), host);
                  handshakes.add((System.nanoTime() - start) / 1e6);
                }
                sleep(20);
              }
            });
    sampler.setDaemon(true);
    prober.setDaemon(true);
    sampler.start();
    prober.start();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> work = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < CLIENTS; c++) {
      work.add(
          clients.submit(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < bodies.size()) {
                  HttpResponse<String> response =
                      send("POST", "/api/v1/certificates", bodies.get(i));
                  if (response.statusCode() != 201) {
                    throw new IllegalStateException(
                        "upload " + i + ": " + response.statusCode() + " " + response.body());
                  }
                  if (i % 10_000 == 0) {
                    System.out.printf(
                        Locale.ROOT, "  %d uploaded, heap %d MB%n", i, peakHeap[0] >> 20);
                  }
                }
                return null;
              }));
    }
    try {
      for (Future<?> f : work) {
        f.get();
      }
    } finally {
      done.set(true);
      clients.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    sampler.join();
    prober.join();
    clients.shutdown();
    // The slowest tenth of the run's one-second windows, so a slow stretch shows.
    List<Double> sorted = new ArrayList<>(rates.subList(Math.min(2, rates.size()), rates.size()));
    Collections.sort(sorted);
    row(
        "uploads/s, 8 clients (mean)",
        String.format(Locale.ROOT, "%.0f", bodies.size() / seconds),
        ">= 200 sustained");
    row(
        "uploads/s, slowest 10% of 1-s windows (p10)",
        sorted.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f", sorted.get(sorted.size() / 10)),
        "");
    row("cert-api heap used, peak while uploading", (peakHeap[0] >> 20) + " MB", "<= 256 MB");
    peakRss.forEach(
        (process, bytes) ->
            row(process + " RSS, peak while uploading", (bytes >> 20) + " MB", "<= 512 MB"));
    row(
        "handshake p99 (agent-1, random names, while uploading)",
        String.format(Locale.ROOT, "%.1f ms", percentile(handshakes, 99)),
        "<= 5 ms");
  }

  /** Handshakes for random names with nothing else going on: the agent's own cost. */
  private void idleHandshakes(int n) {
    String[] agent = agents.get(0);
    List<Double> samples = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      String host = PREFIX + ThreadLocalRandom.current().nextInt(n) + ".scale.test";
      long start = System.nanoTime();
      TlsProbe.serial(agent[0], Integer.parseInt(agent[1]), host);
      if (i >= 100) {
        samples.add((System.nanoTime() - start) / 1e6);
      }
    }
    row(
        "handshake p99 (p50), agent-1, random names, idle",
        String.format(
            Locale.ROOT, "%.1f (%.1f) ms", percentile(samples, 99), percentile(samples, 50)),
        "<= 5 ms");
  }

  /** Until every agent serves every certificate as current. */
  private void awaitDeployed(int n) throws Exception {
    long start = System.nanoTime();
    while (true) {
      JsonNode overview = JSON.readTree(send("GET", "/api/v1/agents", null).body());
      boolean all = overview.size() == agents.size();
      for (JsonNode agent : overview) {
        all &=
            agent.path("current").asLong() >= n
                && agent.path("behind").asLong() == 0
                && agent.path("missing").asLong() == 0;
      }
      if (all) {
        break;
      }
      if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(10)) {
        throw new IllegalStateException("agents not current after 10 minutes: " + overview);
      }
      sleep(500);
    }
    row(
        "last upload -> every agent current (agents overview)",
        String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9),
        "");
  }

  // --- API latencies -------------------------------------------------------------------------

  private void api() throws Exception {
    String middle =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("-|s5".getBytes(StandardCharsets.UTF_8));
    Map<String, String> lists = new LinkedHashMap<>();
    lists.put("list page, no filter", "/api/v1/certificates?size=50");
    lists.put(
        "list page, domain=s777.scale.test", "/api/v1/certificates?size=50&domain=s777.scale.test");
    lists.put("list page, status=expiring", "/api/v1/certificates?size=50&status=expiring");
    lists.put("list page, status=valid", "/api/v1/certificates?size=50&status=valid");
    lists.put("list page, name prefix s77", "/api/v1/certificates?size=50&name=s77");
    lists.put("list page, search q=s77", "/api/v1/certificates?size=50&q=s77");
    lists.put("list page, sort=expiry", "/api/v1/certificates?size=50&sort=expiry");
    lists.put(
        "list page, deep (cursor in the middle)", "/api/v1/certificates?size=50&cursor=" + middle);
    lists.put("list page, page=100 (offset)", "/api/v1/certificates?size=50&page=100");
    for (Map.Entry<String, String> list : lists.entrySet()) {
      latency(list.getKey(), list.getValue(), 200, "<= 50 ms");
    }
    latency("one certificate", "/api/v1/certificates/s" + 4242 % 1000, 300, "<= 10 ms");
    latency("agents overview", "/api/v1/agents", 200, "<= 50 ms");
    latency(
        "what agent-1 is behind on (paged)",
        "/api/v1/agents/agent-1/certificates?state=behind&size=50",
        200,
        "<= 50 ms");
    latency(
        "what agent-1 serves as current (paged)",
        "/api/v1/agents/agent-1/certificates?state=current&size=50",
        200,
        "<= 50 ms");
    latency("/q/metrics", "/q/metrics", 50, "<= 200 ms");
    HttpResponse<String> page = send("GET", "/api/v1/certificates?size=50", null);
    row("list page size", (page.body().length() >> 10) + " KB", "");
    row(
        "/api/v1/agents size",
        (send("GET", "/api/v1/agents", null).body().length() >> 10) + " KB",
        "");
    row("/q/metrics size", (send("GET", "/q/metrics", null).body().length() >> 10) + " KB", "");
  }

  private void latency(String figure, String path, int count, String target) throws Exception {
    for (int i = 0; i < 20; i++) {
      send("GET", path, null);
    }
    List<Double> samples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      HttpResponse<String> response = send("GET", path, null);
      samples.add((System.nanoTime() - start) / 1e6);
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            path + ": " + response.statusCode() + " " + response.body());
      }
    }
    row(
        figure + " p99 (p50)",
        String.format(
            Locale.ROOT, "%.1f (%.1f) ms", percentile(samples, 99), percentile(samples, 50)),
        target);
  }

  /** The longest recent pass of each background job, from cert-api's own timers. */
  private void background() throws Exception {
    sleep(35_000); // at least one renewal check (every 30 s) and several alert scans
    String metrics = send("GET", "/q/metrics", null).body();
    for (String timer :
        List.of("certflow_alert_scan", "certflow_expiry_refresh", "certflow_renewal_check")) {
      double max = metric(metrics, timer + "_seconds_max");
      double count = metric(metrics, timer + "_seconds_count");
      double sum = metric(metrics, timer + "_seconds_sum");
      row(
          timer + " pass, max (mean)",
          String.format(
              Locale.ROOT, "%.0f (%.0f) ms", max * 1000, count == 0 ? 0 : sum / count * 1000),
          "<= 1000 ms");
    }
  }

  private static double metric(String metrics, String name) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .max()
        .orElse(0);
  }

  // --- ACME, propagation -----------------------------------------------------------------------

  private void acme(int count) throws Exception {
    if (count == 0) {
      return;
    }
    String prefix = "acme-" + Long.toString(System.currentTimeMillis(), 36) + "-";
    long start = System.nanoTime();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> work = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = prefix + i;
      work.add(
          clients.submit(
              () -> {
                String body =
                    JSON.writeValueAsString(
                        Map.of("name", name, "acme", "local", "domains", name + ".certflow.test"));
                HttpResponse<String> response = send("POST", "/api/v1/certificates", body);
                if (response.statusCode() != 201) {
                  throw new IllegalStateException(response.statusCode() + " " + response.body());
                }
                return null;
              }));
    }
    for (Future<?> f : work) {
      f.get();
    }
    clients.shutdown();
    long valid = 0;
    while (valid < count) {
      if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(15)) {
        throw new IllegalStateException(
            "ACME: " + valid + " of " + count + " valid after 15 minutes");
      }
      sleep(1000);
      valid =
          JSON.readTree(
                  send("GET", "/api/v1/certificates?size=1&status=valid&name=" + prefix, null)
                      .body())
              .path("total")
              .asLong();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    row(
        count + " ACME certificates through Pebble, all valid",
        String.format(Locale.ROOT, "%.0f s (%.1f/s)", seconds, count / seconds),
        "");
  }

  private void propagation() throws Exception {
    StringBuilder targets = new StringBuilder();
    for (String[] agent : agents) {
      targets
          .append(targets.length() == 0 ? "" : ",")
          .append(agent[0])
          .append(':')
          .append(agent[1]);
    }
    System.out.println("propagation with everything stored:");
    PropagationBenchmark.main(new String[] {api, token, "100", targets.toString()});
    row("propagation p99 to every agent", "see the lines above", "< 1 s");
  }

  private void memory(String when) {
    row("cert-api heap used, " + when, (heapUsed() >> 20) + " MB", "<= 256 MB");
    for (String process : processes()) {
      row(process + " RSS, " + when, (rss(process) >> 20) + " MB", "<= 512 MB");
    }
  }

  // --- plumbing --------------------------------------------------------------------------------

  private List<String> processes() {
    List<String> names = new ArrayList<>(List.of("cert-api"));
    for (int i = 1; i <= agents.size(); i++) {
      names.add("agent-" + i);
    }
    return names;
  }

  /** Resident memory of a process started by bin/certflow, from /proc. */
  private long rss(String process) {
    try {
      String pid = Files.readString(run.resolve(process + ".pid")).strip();
      for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** cert-api's heap in use, from its own metrics. */
  private long heapUsed() {
    try {
      return (long)
          send("GET", "/q/metrics", null)
              .body()
              .lines()
              .filter(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\""))
              .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
              .sum();
    } catch (Exception e) {
      return -1;
    }
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + token);
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(
        request
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static double percentile(List<Double> samples, int p) {
    return samples.isEmpty() ? Double.NaN : PropagationBenchmark.percentile(samples, p);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
