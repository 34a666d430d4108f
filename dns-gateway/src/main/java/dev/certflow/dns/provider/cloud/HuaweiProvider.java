package dev.certflow.dns.provider.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.certflow.dns.provider.DnsProvider;
import dev.certflow.dns.provider.ProviderException;
import dev.certflow.dns.provider.ServiceUrl;
import dev.certflow.dns.provider.TxtRecord;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Huawei Cloud DNS API v2 signed with SDK-HMAC-SHA256 (AK/SK) on every call: {@code
 * https://dns.{region}.myhuaweicloud.com?access_key_id=…&access_key_secret=…} (optional {@code
 * project_id}). The IAM user needs DNS FullAccess, or dns:zone:list, dns:recordset:list, create,
 * update and delete.
 *
 * <p>Huawei keeps all TXT values of a name in one record set, so presenting adds the value to the
 * set and clean-up removes only that value (deleting the set when it was the last one).
 */
public final class HuaweiProvider implements DnsProvider {

  static final String ID = "huawei";
  private static final DateTimeFormatter SDK_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  /** Read-modify-write of a record set: one change per name at a time in this process. */
  private static final Map<String, Object> NAME_LOCKS = new ConcurrentHashMap<>();

  private final URI endpoint;
  private final String accessKey;
  private final String secretKey;
  private final String projectId;
  private final int ttl;

  public HuaweiProvider(ServiceUrl url, int ttl) {
    this.endpoint = CloudEndpoint.of(ID, url);
    this.accessKey = url.require(ID, "access_key_id");
    this.secretKey = url.require(ID, "access_key_secret");
    this.projectId = url.parameters().get("project_id");
    this.ttl = Math.max(1, ttl);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public TxtRecord present(String zoneHint, String name, String value) throws ProviderException {
    Zone zone = Zones.holding(ID, name, zones());
    String quoted = "\"" + value + "\"";
    synchronized (NAME_LOCKS.computeIfAbsent(Zones.plain(name), n -> new Object())) {
      JsonNode set = recordSet(zone, name);
      if (set == null) {
        ObjectNode body = CloudHttp.JSON.createObjectNode();
        body.put("name", Zones.plain(name) + ".").put("type", "TXT").put("ttl", ttl);
        body.put("description", "certflow ACME challenge");
        body.putArray("records").add(quoted);
        JsonNode created = call("POST", "/v2/zones/" + zone.id() + "/recordsets", Map.of(), body);
        return new TxtRecord(zone.name() + ".", name, value, created.path("id").asText());
      }
      List<String> records = values(set);
      if (!records.contains(quoted)) {
        records.add(quoted);
        update(zone, set, records);
      }
      return new TxtRecord(zone.name() + ".", name, value, set.path("id").asText());
    }
  }

  @Override
  public void cleanUp(TxtRecord record) throws ProviderException {
    Zone zone = Zones.holding(ID, record.name(), zones());
    String quoted = "\"" + record.value() + "\"";
    synchronized (NAME_LOCKS.computeIfAbsent(Zones.plain(record.name()), n -> new Object())) {
      JsonNode set = recordSet(zone, record.name());
      if (set == null) {
        return;
      }
      List<String> records = values(set);
      if (!records.remove(quoted)) {
        return;
      }
      if (records.isEmpty()) {
        call(
            "DELETE",
            "/v2/zones/" + zone.id() + "/recordsets/" + set.path("id").asText(),
            Map.of(),
            null);
      } else {
        update(zone, set, records);
      }
    }
  }

  private void update(Zone zone, JsonNode set, List<String> records) throws ProviderException {
    ObjectNode body = CloudHttp.JSON.createObjectNode();
    body.put("name", set.path("name").asText()).put("type", "TXT").put("ttl", ttl);
    ArrayNode array = body.putArray("records");
    records.forEach(array::add);
    call(
        "PUT", "/v2/zones/" + zone.id() + "/recordsets/" + set.path("id").asText(), Map.of(), body);
  }

  private static List<String> values(JsonNode set) {
    List<String> values = new ArrayList<>();
    set.path("records").forEach(r -> values.add(r.asText()));
    return values;
  }

  private List<Zone> zones() throws ProviderException {
    List<Zone> zones = new ArrayList<>();
    for (int offset = 0; offset < 50_000; offset += 500) {
      JsonNode answer =
          call(
              "GET",
              "/v2/zones",
              Map.of("type", "public", "limit", "500", "offset", Integer.toString(offset)),
              null);
      for (JsonNode zone : answer.path("zones")) {
        zones.add(new Zone(Zones.plain(zone.path("name").asText()), zone.path("id").asText()));
      }
      if (zones.size() >= answer.path("metadata").path("total_count").asInt()
          || answer.path("zones").isEmpty()) {
        break;
      }
    }
    return zones;
  }

  /** The TXT record set at exactly this name ({@code name} filters by "contains" at Huawei). */
  private JsonNode recordSet(Zone zone, String name) throws ProviderException {
    String wanted = Zones.plain(name);
    JsonNode answer =
        call(
            "GET",
            "/v2/zones/" + zone.id() + "/recordsets",
            Map.of("type", "TXT", "name", wanted + ".", "limit", "500"),
            null);
    for (JsonNode set : answer.path("recordsets")) {
      if (Zones.plain(set.path("name").asText()).equals(wanted)) {
        return set;
      }
    }
    return null;
  }

  private JsonNode call(String method, String path, Map<String, String> query, JsonNode body)
      throws ProviderException {
    byte[] payload = body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
    String sdkDate = ZonedDateTime.now(ZoneOffset.UTC).format(SDK_DATE);
    SortedMap<String, String> signed = new TreeMap<>();
    signed.put("content-type", "application/json");
    signed.put("host", CloudEndpoint.hostHeader(endpoint));
    signed.put("x-sdk-date", sdkDate);
    if (projectId != null) {
      signed.put("x-project-id", projectId);
    }
    String signature =
        HuaweiSigner.signature(
            secretKey,
            HuaweiSigner.stringToSign(
                sdkDate, HuaweiSigner.canonicalRequest(method, path, query, signed, payload)));
    String queryString = query.isEmpty() ? "" : "?" + HuaweiSigner.canonicalQuery(query);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(endpoint + path + queryString))
            .timeout(CloudHttp.TIMEOUT)
            .header("Content-Type", "application/json")
            .header("X-Sdk-Date", sdkDate)
            .header("Authorization", HuaweiSigner.authorization(accessKey, signed, signature))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(payload));
    if (projectId != null) {
      request.header("X-Project-Id", projectId);
    }
    CloudHttp.Reply reply = CloudHttp.send(ID, request.build());
    if (reply.status() < 300) {
      return reply.body();
    }
    if (method.equals("DELETE") && reply.status() == 404) {
      return reply.body(); // already gone: a repeated clean-up
    }
    // The API gateway answers error_code/error_msg; the DNS service code/message.
    String code = reply.body().path("error_code").asText(reply.body().path("code").asText(""));
    String text = reply.body().path("error_msg").asText(reply.body().path("message").asText(""));
    boolean credentials = reply.status() == 401 || reply.status() == 403;
    throw new ProviderException(
        ID
            + ": "
            + method
            + " "
            + path
            + " failed: "
            + (code.isEmpty() ? "HTTP " + reply.status() : code)
            + (text.isEmpty() ? "" : " (" + text + ")")
            + (credentials ? "; check access_key_id, access_key_secret and the IAM policy" : ""),
        reply.status() == 429 || reply.status() >= 500,
        reply.retryAfter().orElse(null));
  }
}
