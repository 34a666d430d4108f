package dev.certflow.dns.provider.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Request;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Cloudflare API v4: bearer token, zones and dns_records, the v4 envelope with errors. */
public final class CloudflareEmulation extends VendorEmulation {

  private static final Pattern RECORDS = Pattern.compile("/client/v4/zones/([^/]+)/dns_records");
  private static final Pattern RECORD =
      Pattern.compile("/client/v4/zones/([^/]+)/dns_records/([^/]+)");

  private final String token;

  public CloudflareEmulation(String token, List<String> zones) {
    super(zones);
    this.token = token;
  }

  private static String zoneId(String zone) {
    return Integer.toHexString(zone.hashCode());
  }

  @Override
  protected Reply handle(Request request) {
    if (!("Bearer " + token).equals(request.getHeader("Authorization"))) {
      return error(403, 9109, "Invalid access token");
    }
    String path = path(request);
    String method = request.getMethod().getName();
    Map<String, String> query = query(request);
    if (method.equals("GET") && path.equals("/client/v4/zones")) {
      int perPage = Integer.parseInt(query.getOrDefault("per_page", "20"));
      int page = Integer.parseInt(query.getOrDefault("page", "1"));
      if (perPage < 5 || perPage > 50) {
        return error(400, 1001, "per_page must be between 5 and 50");
      }
      ObjectNode body = envelope();
      ArrayNode result = body.putArray("result");
      zones.stream()
          .skip((long) (page - 1) * perPage)
          .limit(perPage)
          .forEach(z -> result.addObject().put("id", zoneId(z)).put("name", z));
      body.putObject("result_info")
          .put("page", page)
          .put("per_page", perPage)
          .put("count", result.size())
          .put("total_count", zones.size())
          .put("total_pages", (zones.size() + perPage - 1) / perPage);
      return Reply.json(200, body);
    }
    Matcher one = RECORD.matcher(path);
    if (method.equals("DELETE") && one.matches()) {
      boolean removed = records.removeIf(r -> r.id().equals(one.group(2)));
      if (!removed) {
        return error(404, 81044, "Record does not exist.");
      }
      ObjectNode body = envelope();
      body.putObject("result").put("id", one.group(2));
      return Reply.json(200, body);
    }
    Matcher all = RECORDS.matcher(path);
    if (!all.matches()) {
      return error(
          404, 7003, "Could not route to " + path + ", perhaps your object identifier is invalid?");
    }
    String zone =
        zones.stream().filter(z -> zoneId(z).equals(all.group(1))).findFirst().orElse(null);
    if (zone == null) {
      return error(404, 7003, "Could not route to " + path);
    }
    if (method.equals("GET")) {
      ObjectNode body = envelope();
      ArrayNode result = body.putArray("result");
      records.stream()
          .filter(r -> r.zone().equals(zone))
          .filter(r -> !query.containsKey("name") || r.name().equals(query.get("name")))
          .forEach(r -> record(result.addObject(), r));
      body.putObject("result_info").put("page", 1).put("total_pages", 1);
      return Reply.json(200, body);
    }
    if (method.equals("POST")) {
      JsonNode in;
      try {
        in = JSON.readTree(request.getBodyAsString());
      } catch (IOException e) {
        return error(400, 9207, "Request body is invalid.");
      }
      String name = in.path("name").asText();
      String content = in.path("content").asText();
      int ttl = in.path("ttl").asInt(1);
      if (!"TXT".equals(in.path("type").asText()) || content.isEmpty()) {
        return error(400, 9000, "DNS name, type and content are required");
      }
      if (!(name.equals(zone) || name.endsWith("." + zone))) {
        return error(400, 9005, "Content for record is invalid. Must be in zone " + zone);
      }
      if (ttl != 1 && (ttl < 60 || ttl > 86400)) {
        return error(
            400, 9021, "Invalid TTL. Must be between 60 and 86400 seconds, or 1 for Automatic.");
      }
      if (records.stream().anyMatch(r -> r.name().equals(name) && r.value().equals(content))) {
        return error(400, IDENTICAL, "An identical record already exists.");
      }
      ObjectNode body = envelope();
      record(body.putObject("result"), add(zone, name, content));
      return Reply.json(200, body);
    }
    return error(405, 10000, "Method not allowed");
  }

  private static final int IDENTICAL = 81058;

  private static void record(ObjectNode node, Txt r) {
    node.put("id", r.id()).put("type", "TXT").put("name", r.name()).put("content", r.value());
    node.put("zone_name", r.zone()).put("ttl", 60).put("proxied", false);
  }

  private static ObjectNode envelope() {
    ObjectNode body = object();
    body.put("success", true);
    body.putArray("errors");
    body.putArray("messages");
    return body;
  }

  private static Reply error(int status, int code, String message) {
    ObjectNode body = object();
    body.put("success", false);
    body.putArray("errors").addObject().put("code", code).put("message", message);
    body.putArray("messages");
    body.putNull("result");
    return Reply.json(status, body);
  }

  @Override
  protected Reply rateLimited() {
    Reply limited = error(429, 971, "Please wait and consider throttling your request speed");
    return new Reply(429, limited.body(), Map.of("Retry-After", "7"));
  }

  @Override
  protected Reply serverError() {
    return error(500, 10000, "Internal server error");
  }
}
