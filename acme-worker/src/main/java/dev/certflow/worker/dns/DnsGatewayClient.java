package dev.certflow.worker.dns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.certflow.worker.acme.AcmeFailure;
import dev.certflow.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * dns-gateway's REST API as the worker calls it: 4xx answers are final (their detail kept), others
 * and an unreachable gateway are retryable, with the DNS vendor's Retry-After when it passed one.
 */
@ApplicationScoped
public class DnsGatewayClient {

  private final WorkerConfig config;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  DnsGatewayClient(WorkerConfig config) {
    this.config = config;
  }

  /** Presents a TXT value; the answer holds the challenge's {@code id}. */
  public JsonNode present(Object body) throws AcmeFailure, InterruptedException {
    return call("POST", "/api/v1/challenges", body);
  }

  /** Whether every authoritative server answers the challenge's value. */
  public boolean propagated(String id) throws AcmeFailure, InterruptedException {
    return call("GET", "/api/v1/challenges/" + id, null).path("propagated").asBoolean();
  }

  /**
   * Removes the challenge's record; harmless when repeated.
   *
   * @throws AcmeFailure final (not retryable) when no gateway with this key made the id
   */
  public void cleanUp(String id) throws AcmeFailure, InterruptedException {
    call("DELETE", "/api/v1/challenges/" + id, null);
  }

  private JsonNode call(String method, String path, Object body)
      throws AcmeFailure, InterruptedException {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(config.dnsGatewayUrl() + path))
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", "application/json");
      config
          .dnsGatewayToken()
          .ifPresent(token -> request.header("Authorization", "Bearer " + token));
      request.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode answer =
          response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
      if (response.statusCode() >= 400) {
        String detail =
            "dns-gateway: "
                + Optional.ofNullable(answer.path("detail").asText(null))
                    .orElse("HTTP " + response.statusCode());
        if (response.statusCode() < 500 && response.statusCode() != 429) {
          throw AcmeFailure.fatal("certflow:dns", detail);
        }
        throw new AcmeFailure("certflow:dns", detail, true, retryAfter(response));
      }
      return answer;
    } catch (IOException e) {
      throw AcmeFailure.retryable(
          "certflow:dns",
          "dns-gateway at " + config.dnsGatewayUrl() + " unreachable: " + e.getMessage());
    }
  }

  /** The DNS vendor's Retry-After hint that dns-gateway passed on, if any. */
  private static Instant retryAfter(HttpResponse<String> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .flatMap(
            value -> {
              try {
                return Optional.of(Instant.now().plusSeconds(Long.parseLong(value)));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            })
        .orElse(null);
  }
}
