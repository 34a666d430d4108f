package dev.certflow.dns.provider.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.certflow.dns.provider.ProviderException;
import dev.certflow.dns.provider.ServiceUrl;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Cloudflare API v4 with an API token ({@code https://api.cloudflare.com?token=…}; the token needs
 * Zone:Read and DNS:Edit). Every answer's {@code success} is checked and its {@code errors}
 * reported.
 */
public final class CloudflareProvider extends RecordPerValueProvider {

  static final String ID = "cloudflare";

  /** "An identical record already exists." */
  private static final int IDENTICAL_RECORD = 81058;

  private final URI api;
  private final String token;
  private final int ttl;

  public CloudflareProvider(ServiceUrl url, int ttl) {
    this.api = URI.create(CloudEndpoint.of(ID, url) + "/client/v4");
    this.token = url.require(ID, "token");
    this.ttl = Math.max(60, ttl);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  protected String create(Zone zone, String name, String value) throws VendorError {
    ObjectNode body = CloudHttp.JSON.createObjectNode();
    body.put("type", "TXT").put("name", Zones.plain(name)).put("content", value).put("ttl", ttl);
    body.put("comment", "certflow ACME challenge");
    return call("POST", "/zones/" + zone.id() + "/dns_records", body)
        .path("result")
        .path("id")
        .asText();
  }

  @Override
  protected void delete(Zone zone, String id) throws VendorError {
    call("DELETE", "/zones/" + zone.id() + "/dns_records/" + id, null);
  }

  @Override
  protected boolean alreadyExists(VendorError e) {
    return e.codes.contains(IDENTICAL_RECORD);
  }

  @Override
  protected boolean alreadyGone(VendorError e) {
    return e.status == 404;
  }

  @Override
  protected List<Zone> zones() throws ProviderException {
    List<Zone> zones = new ArrayList<>();
    int page = 1;
    int pages;
    do {
      JsonNode answer = callOrThrow("GET", "/zones?per_page=50&page=" + page);
      for (JsonNode zone : answer.path("result")) {
        zones.add(new Zone(Zones.plain(zone.path("name").asText()), zone.path("id").asText()));
      }
      pages = answer.path("result_info").path("total_pages").asInt(1);
      page++;
    } while (page <= pages && page <= 100);
    return zones;
  }

  @Override
  protected List<Listed> records(Zone zone, String name) throws ProviderException {
    List<Listed> records = new ArrayList<>();
    JsonNode answer =
        callOrThrow(
            "GET",
            "/zones/"
                + zone.id()
                + "/dns_records?type=TXT&per_page=100&name="
                + URLEncoder.encode(Zones.plain(name), StandardCharsets.UTF_8));
    for (JsonNode record : answer.path("result")) {
      records.add(new Listed(record.path("id").asText(), unquote(record.path("content").asText())));
    }
    return records;
  }

  /** Cloudflare shows TXT content in quotes in some answers; the value is inside. */
  private static String unquote(String content) {
    return content.length() >= 2 && content.startsWith("\"") && content.endsWith("\"")
        ? content.substring(1, content.length() - 1)
        : content;
  }

  private JsonNode call(String method, String path, JsonNode body) throws VendorError {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api + path))
            .timeout(CloudHttp.TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.toString()));
    CloudHttp.Reply reply;
    try {
      reply = CloudHttp.send(ID, request.build());
    } catch (ProviderException e) {
      throw new VendorError(0, List.of(), e);
    }
    if (reply.body().path("success").asBoolean(false) && reply.status() < 300) {
      return reply.body();
    }
    List<Integer> codes = new ArrayList<>();
    reply.body().path("errors").forEach(e -> codes.add(e.path("code").asInt()));
    String errors =
        reply.body().path("errors").isEmpty()
            ? "HTTP " + reply.status()
            : StreamSupport.stream(reply.body().path("errors").spliterator(), false)
                .map(e -> e.path("code").asInt() + " " + e.path("message").asText())
                .collect(Collectors.joining("; "));
    boolean auth = reply.status() == 401 || reply.status() == 403;
    boolean retryable = reply.status() == 429 || reply.status() >= 500;
    String message =
        ID
            + ": "
            + (auth ? "the API token was refused (it needs Zone:Read and DNS:Edit): " : "")
            + (reply.status() == 429 ? "rate limited: " : "")
            + errors;
    throw new VendorError(
        reply.status(),
        codes,
        new ProviderException(message, retryable, reply.retryAfter().orElse(null)));
  }

  private JsonNode callOrThrow(String method, String path) throws ProviderException {
    try {
      return call(method, path, null);
    } catch (VendorError e) {
      throw e.failure;
    }
  }
}
