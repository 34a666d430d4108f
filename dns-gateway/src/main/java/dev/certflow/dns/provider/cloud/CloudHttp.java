package dev.certflow.dns.provider.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.certflow.dns.provider.ProviderException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * One HTTP exchange with a vendor API, bounded in time. Network faults and timeouts become
 * retryable {@link ProviderException}s whose message names the provider and never the URL (some
 * vendors put key ids and signatures into it).
 */
public final class CloudHttp {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** A vendor's answer: status, headers and the body parsed as JSON (missing when not JSON). */
  public record Reply(int status, HttpHeaders headers, JsonNode body) {

    /** The vendor's Retry-After, in seconds, where it sent one. */
    public Optional<Duration> retryAfter() {
      return headers
          .firstValue("Retry-After")
          .flatMap(
              value -> {
                try {
                  return Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
                } catch (NumberFormatException e) {
                  return Optional.empty();
                }
              });
    }
  }

  private CloudHttp() {}

  public static Reply send(String provider, HttpRequest request) throws ProviderException {
    HttpResponse<String> response;
    try {
      response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new ProviderException(
          provider + ": " + request.uri().getHost() + " did not answer in time", true);
    } catch (IOException e) {
      throw new ProviderException(
          provider
              + ": "
              + request.uri().getHost()
              + " unreachable ("
              + e.getClass().getSimpleName()
              + ")",
          true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(provider + ": interrupted", true);
    }
    JsonNode body;
    try {
      body = response.body().isBlank() ? MissingNode.getInstance() : JSON.readTree(response.body());
    } catch (IOException e) {
      body = MissingNode.getInstance();
    }
    return new Reply(response.statusCode(), response.headers(), body);
  }

  /** The generic failure for an answer a provider could not read otherwise. */
  public static ProviderException unexpected(String provider, Reply reply) {
    return new ProviderException(
        provider + ": unexpected answer HTTP " + reply.status(),
        reply.status() >= 500 || reply.status() == 429,
        reply.retryAfter().orElse(null));
  }
}
