package dev.certflow.dns.provider.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Request;
import dev.certflow.security.Digests;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Huawei Cloud DNS API v2 behind the API gateway: checks SDK-HMAC-SHA256 from the signed headers,
 * query and body as received, and keeps TXT values as record sets (all values of a name in one set,
 * values quoted), with the gateway's and the DNS service's error shapes.
 */
public final class HuaweiEmulation extends VendorEmulation {

  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");
  private static final Pattern ZONE_SETS = Pattern.compile("/v2/zones/([^/]+)/recordsets");
  private static final Pattern ZONE_SET = Pattern.compile("/v2/zones/([^/]+)/recordsets/([^/]+)");
  private static final DateTimeFormatter SDK_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private final String accessKey;
  private final String secretKey;

  /** Record set id by absolute name (no trailing dot). */
  private final Map<String, String> sets = new LinkedHashMap<>();

  public HuaweiEmulation(String accessKey, String secretKey, List<String> zones) {
    super(zones);
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  private static String zoneId(String zone) {
    return "ff80" + Integer.toHexString(zone.hashCode());
  }

  @Override
  protected Reply handle(Request request) {
    Matcher auth = AUTHORIZATION.matcher(String.valueOf(request.getHeader("Authorization")));
    if (!auth.matches() || !auth.group(1).equals(accessKey)) {
      return gatewayError(
          401, "APIGW.0301", "Incorrect IAM authentication information: ak not found");
    }
    String sdkDate = request.getHeader("X-Sdk-Date");
    try {
      LocalDateTime date = LocalDateTime.parse(String.valueOf(sdkDate), SDK_DATE);
      if (Duration.between(date.toInstant(ZoneOffset.UTC), Instant.now()).abs().toMinutes() >= 15) {
        return gatewayError(
            401, "APIGW.0301", "Incorrect IAM authentication information: x-sdk-date expired");
      }
    } catch (DateTimeParseException e) {
      return gatewayError(
          401, "APIGW.0301", "Incorrect IAM authentication information: x-sdk-date invalid");
    }
    List<String> names = List.of(auth.group(2).split(";", -1));
    if (!names.contains("x-sdk-date")) {
      return gatewayError(
          401, "APIGW.0301", "Incorrect IAM authentication information: x-sdk-date not signed");
    }
    SortedMap<String, String> signed = new TreeMap<>();
    for (String name : names) {
      signed.put(name, String.valueOf(request.getHeader(name)));
    }
    String path = URLDecoder.decode(path(request), StandardCharsets.UTF_8);
    Map<String, String> query = query(request);
    String canonical =
        HuaweiSigner.canonicalRequest(
            request.getMethod().getName(), path, query, signed, request.getBody());
    if (!Digests.same(
        auth.group(3),
        HuaweiSigner.signature(secretKey, HuaweiSigner.stringToSign(sdkDate, canonical)))) {
      return gatewayError(
          401,
          "APIGW.0301",
          "Incorrect IAM authentication information: verify aksk signature fail");
    }
    String method = request.getMethod().getName();
    if (method.equals("GET") && path.equals("/v2/zones")) {
      return listZones(query);
    }
    Matcher one = ZONE_SET.matcher(path);
    Matcher all = ZONE_SETS.matcher(path);
    String zoneId = one.matches() ? one.group(1) : all.matches() ? all.group(1) : null;
    String zone = zones.stream().filter(z -> zoneId(z).equals(zoneId)).findFirst().orElse(null);
    if (zone == null) {
      return dnsError(404, "DNS.0101", "The zone does not exist.");
    }
    JsonNode in = null;
    if (method.equals("POST") || method.equals("PUT")) {
      try {
        in = JSON.readTree(request.getBodyAsString());
      } catch (IOException e) {
        return dnsError(400, "DNS.0203", "Invalid request body.");
      }
    }
    if (one.matches()) {
      String name = nameOf(one.group(2));
      if (name == null) {
        return dnsError(404, "DNS.0305", "The record set does not exist.");
      }
      if (method.equals("DELETE")) {
        records.removeIf(r -> r.name().equals(name));
        sets.remove(name);
        return Reply.json(202, set(zone, name));
      }
      if (method.equals("PUT")) {
        records.removeIf(r -> r.name().equals(name));
        for (JsonNode value : in.path("records")) {
          records.add(new Txt(sets.get(name), zone, name, unquote(value.asText())));
        }
        return Reply.json(202, set(zone, name));
      }
    } else if (method.equals("GET")) {
      String filter = Zones.plain(query.getOrDefault("name", ""));
      ObjectNode body = object();
      ArrayNode list = body.putArray("recordsets");
      sets.keySet().stream()
          .filter(n -> n.endsWith(zone) && n.contains(filter)) // Huawei matches names fuzzily
          .forEach(n -> list.add(set(zone, n)));
      body.putObject("metadata").put("total_count", list.size());
      return Reply.json(200, body);
    } else if (method.equals("POST")) {
      String name = Zones.plain(in.path("name").asText());
      if (!in.path("name").asText().endsWith(".")
          && !(name.equals(zone) || name.endsWith("." + zone))) {
        return dnsError(400, "DNS.0202", "The record set name is invalid.");
      }
      if (sets.containsKey(name)) {
        return dnsError(
            400,
            "DNS.0312",
            "Attribute 'name' conflicts with Record Set '" + name + ".' type 'TXT'.");
      }
      String id = "2c9eb155" + nextId();
      sets.put(name, id);
      for (JsonNode value : in.path("records")) {
        records.add(new Txt(id, zone, name, unquote(value.asText())));
      }
      return Reply.json(202, set(zone, name));
    }
    return dnsError(405, "DNS.0001", "Method not allowed.");
  }

  private Reply listZones(Map<String, String> query) {
    int limit = Integer.parseInt(query.getOrDefault("limit", "500"));
    int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
    if (limit < 0 || limit > 500) {
      return dnsError(400, "DNS.0204", "The limit must be between 0 and 500.");
    }
    ObjectNode body = object();
    ArrayNode list = body.putArray("zones");
    zones.stream()
        .skip(offset)
        .limit(limit)
        .forEach(
            z ->
                list.addObject()
                    .put("id", zoneId(z))
                    .put("name", z + ".")
                    .put("zone_type", "public")
                    .put("status", "ACTIVE"));
    body.putObject("metadata").put("total_count", zones.size());
    return Reply.json(200, body);
  }

  private String nameOf(String setId) {
    return sets.entrySet().stream()
        .filter(e -> e.getValue().equals(setId))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(null);
  }

  private ObjectNode set(String zone, String name) {
    ObjectNode set = object();
    set.put("id", sets.get(name)).put("name", name + ".").put("type", "TXT").put("ttl", 300);
    set.put("zone_id", zoneId(zone)).put("zone_name", zone + ".").put("status", "ACTIVE");
    ArrayNode values = set.putArray("records");
    List<String> quoted = new ArrayList<>();
    records.stream()
        .filter(r -> r.name().equals(name))
        .forEach(r -> quoted.add("\"" + r.value() + "\""));
    quoted.forEach(values::add);
    return set;
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }

  private static Reply gatewayError(int status, String code, String message) {
    ObjectNode body = object();
    body.put("error_code", code)
        .put("error_msg", message)
        .put("request_id", UUID.randomUUID().toString());
    return Reply.json(status, body);
  }

  private static Reply dnsError(int status, String code, String message) {
    ObjectNode body = object();
    body.put("code", code).put("message", message);
    return Reply.json(status, body);
  }

  @Override
  protected Reply rateLimited() {
    return gatewayError(
        429,
        "APIGW.0308",
        "The throttling threshold has been reached: policy user over ratelimit,limit:20,time:1 minute");
  }

  @Override
  protected Reply serverError() {
    return dnsError(500, "DNS.0000", "Internal server error.");
  }
}
