package dev.certflow.worker.challenge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.certflow.events.OrderCommand;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * DNS-01 through dns-gateway: present {@code _acme-challenge.<domain>} (the base name for a
 * wildcard), wait until every authoritative server answers it, trigger, and clean up whatever the
 * outcome. The provider URL travels sealed for the gateway; the worker never sees it.
 */
@ApplicationScoped
public class DnsChallengeSolver implements ChallengeSolver {

  private static final Logger LOG = Logger.getLogger(DnsChallengeSolver.class);

  private final WorkerConfig config;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  DnsChallengeSolver(WorkerConfig config) {
    this.config = config;
  }

  @Override
  public void solve(OrderCommand order, Authorization authorization)
      throws AcmeException, AcmeFailure, InterruptedException {
    String domain = authorization.getIdentifier().getDomain();
    Dns01Challenge challenge =
        authorization
            .findChallenge(Dns01Challenge.class)
            .orElseThrow(
                () ->
                    AcmeFailure.fatal(
                        "certflow:no-challenge",
                        "the CA offers no dns-01 challenge for " + domain));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("provider", order.dnsProvider());
    body.put("sealed_dns_service_url", order.sealedDnsServiceUrl());
    body.put("certificate", order.certificate());
    body.put("name", challenge.getRRName(authorization.getIdentifier()));
    body.put("value", challenge.getDigest());
    JsonNode presented = call("POST", "/api/v1/challenges", body);
    String id = presented.path("id").asText();
    try {
      awaitPropagation(id, domain);
      ChallengeValidation.triggerAndAwait(challenge, domain, config.stepTimeout());
      LOG.infof(
          "certificate %s, order %s: %s proven by dns-01",
          order.certificate(), order.orderId(), domain);
    } finally {
      try {
        call("DELETE", "/api/v1/challenges/" + id, null);
      } catch (AcmeFailure e) {
        LOG.warnf(
            "certificate %s: cleaning up the TXT record for %s failed: %s",
            order.certificate(), domain, e.getMessage());
      }
    }
  }

  private void awaitPropagation(String id, String domain) throws AcmeFailure, InterruptedException {
    Instant deadline = Instant.now().plus(config.dnsPropagationTimeout());
    long pause = 100;
    while (!call("GET", "/api/v1/challenges/" + id, null).path("propagated").asBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw AcmeFailure.retryable(
            "certflow:dns-propagation",
            "the TXT record for "
                + domain
                + " was not answered by every authoritative server within "
                + config.dnsPropagationTimeout().toSeconds()
                + " s");
      }
      Thread.sleep(pause);
      pause = Math.min(2_000, pause * 2);
    }
  }

  /** Calls dns-gateway; 4xx answers are final (their detail kept), others retryable. */
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
