package dev.certflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.certflow.testing.TlsProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * certflow end to end: N ACME certificates requested through the API, timed from the first request
 * until every one is issued and reported served by every agent; then every one is checked with a
 * real TLS handshake on every agent (not timed). The requests are sent by as many client threads as
 * the acme4j loop it is compared with has, so both sides work at the same concurrency; a client
 * sending one request after another would measure the API's latency under load, not issuance.
 *
 * <p>Usage: {@code AcmeIssuanceBenchmark API_URL TOKEN CA COUNT HOST:PORT[,HOST:PORT...] [CLIENTS]}
 */
public final class AcmeIssuanceBenchmark {

  private AcmeIssuanceBenchmark() {}

  public static void main(String[] args) throws Exception {
    String api = args[0];
    String token = args[1];
    String ca = args[2];
    int count = Integer.parseInt(args[3]);
    int clients = args.length > 5 ? Integer.parseInt(args[5]) : 1;
    List<String[]> agents =
        Arrays.stream(args[4].split(",", -1)).map(a -> a.split(":", -1)).toList();
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    int warmups = args.length > 6 ? Integer.parseInt(args[6]) : 2;
    int rounds = args.length > 7 ? Integer.parseInt(args[7]) : 3;
    Rounds.measure(
        "certflow (" + clients + " client threads, " + agents.size() + " agents)",
        count,
        warmups,
        rounds,
        prefix -> issueAll(http, json, api, token, ca, count, agents, "acme-" + prefix, clients));
    System.out.println("checked: every certificate of every round served by every agent over TLS");
  }

  /**
   * Requests, waits until all are served, checks them over TLS and deletes them; returns the
   * seconds until served.
   */
  private static Window.Measured issueAll(
      HttpClient http,
      ObjectMapper json,
      String api,
      String token,
      String ca,
      int count,
      List<String[]> agents,
      String run,
      int clients)
      throws Exception {
    Window window = Window.open();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String name = run + "-" + i;
        sent.add(pool.submit(() -> create(http, json, api, token, ca, name)));
      }
      for (Future<?> request : sent) {
        request.get();
      }
    } finally {
      pool.shutdown();
    }
    long deadline = System.nanoTime() + 600_000_000_000L;
    int done = 0;
    while (done < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only " + done + " of " + count + " served after 10 minutes");
      }
      Thread.sleep(500); // listing hundreds of certificates is work for cert-api too: poll gently
      JsonNode page =
          json.readTree(
              http.send(
                      request(api + "/api/v1/certificates?size=500&name=" + run, token)
                          .GET()
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      done = 0;
      for (JsonNode item : page.path("items")) {
        if (item.path("name").asText().startsWith(run)
            && "valid".equals(item.path("status").asText())) {
          long current = 0;
          for (JsonNode deployment : item.path("deployed_to")) {
            current +=
                "current".equals(deployment.path("state").asText())
                        && !deployment.path("silent").asBoolean()
                    ? 1
                    : 0;
          }
          done += current >= agents.size() ? 1 : 0;
        }
      }
    }
    Window.Measured measured = window.close();

    JsonNode page =
        json.readTree(
            http.send(
                    request(api + "/api/v1/certificates?size=500&name=" + run, token).GET().build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    for (JsonNode item : page.path("items")) {
      String name = item.path("name").asText();
      if (!name.startsWith(run)) {
        continue;
      }
      for (String[] agent : agents) {
        String served =
            TlsProbe.serial(agent[0], Integer.parseInt(agent[1]), name + ".certflow.test");
        if (!item.path("serial").asText().equals(served)) {
          throw new IllegalStateException(
              agent[0]
                  + " serves "
                  + served
                  + " for "
                  + name
                  + ", not "
                  + item.path("serial").asText());
        }
      }
      http.send(
          request(api + "/api/v1/certificates/" + name, token).DELETE().build(),
          HttpResponse.BodyHandlers.discarding());
    }
    return measured;
  }

  private static Void create(
      HttpClient http, ObjectMapper json, String api, String token, String ca, String name)
      throws Exception {
    String body =
        json.writeValueAsString(
            Map.of("name", name, "acme", ca, "domains", name + ".certflow.test"));
    HttpResponse<String> response =
        http.send(
            request(api + "/api/v1/certificates", token)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          name + " answered " + response.statusCode() + ": " + response.body());
    }
    return null;
  }

  private static HttpRequest.Builder request(String url, String token) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json");
  }
}
