package dev.certflow.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.certflow.api.testing.Api;
import dev.certflow.api.testing.InfraResource;
import dev.certflow.testing.TestPki;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Generated requests against every input of the REST API (issue 15): bodies with wrong types, huge
 * and odd strings, damaged PEM, unknown fields, malformed JSON and wrong content types, and odd
 * query parameters. None may answer 5xx; every refusal is problem+json, a 400 names its field, and
 * a refused upload stores nothing. The seed is fixed, so a failure is reproducible; bench/fuzz.sh
 * runs longer with other seeds.
 */
@QuarkusTest
@WithTestResource(value = InfraResource.class, scope = TestResourceScope.GLOBAL)
class RequestFuzzTest {

  private static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_000);
  private static final long SEED = Long.getLong("fuzz.seed", 15L);
  private static final String PREFIX = "fz-";

  private final Random random = new Random(SEED);
  private final TestPki.Issued leaf = TestPki.leaf(Api.CA.ROOT, 30, "fuzz.example.test");
  private final String goodCert = TestPki.pem(leaf.certificate());
  private final String goodKey = leaf.pkcs8Pem();

  @Test
  void noGeneratedRequestGetsA5xxAndEveryRefusalNamesItsCause() {
    List<Supplier<Response>> requests =
        List.of(
            () -> send("POST", "/api/v1/certificates", certificateBody()),
            () -> send("PUT", "/api/v1/certificates/" + name(), certificateBody()),
            () -> send("POST", "/api/v1/channels", channelBody()),
            () -> send("PUT", "/api/v1/channels/" + name(), channelBody()),
            () -> admin().get(withQuery("/api/v1/certificates")),
            () -> admin().get(withQuery("/api/v1/agents/" + name() + "/certificates")),
            () -> admin().post("/api/v1/certificates/" + name() + "/renew"),
            () -> admin().get(withQuery("/api/v1/alerts")));
    int created = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      int kind = random.nextInt(requests.size());
      Response response = requests.get(kind).get();
      int status = response.statusCode();
      if (kind == 0 && status == 201) {
        created++;
      }
      String problem = check(response);
      if (problem != null && failures.size() < 20) {
        failures.add("request " + i + " (kind " + kind + "): " + problem);
      }
    }
    assertThat(failures).as("seed " + SEED).isEmpty();
    // A refused upload stores nothing: exactly the accepted ones exist.
    int stored =
        admin()
            .get("/api/v1/certificates?name=" + PREFIX + "&size=1")
            .then()
            .statusCode(200)
            .extract()
            .path("total");
    assertThat(stored).isEqualTo(created);
  }

  private static String check(Response response) {
    int status = response.statusCode();
    if (status >= 500) {
      return "HTTP " + status + ": " + abbreviate(response.asString());
    }
    if (status == 414 || status == 431) {
      return null; // the HTTP server's own limit on the request line or headers, before any code
    }
    if (status >= 400) {
      String type = String.valueOf(response.contentType());
      if (!type.startsWith("application/problem+json")) {
        return "HTTP " + status + " as " + type;
      }
      if (status == 400 && response.jsonPath().getString("field") == null) {
        return "HTTP 400 without a field: " + abbreviate(response.asString());
      }
    }
    return null;
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }

  private RequestSpecification admin() {
    return given().auth().oauth2(InfraResource.ADMIN_TOKEN).urlEncodingEnabled(false);
  }

  /** Sends the body as JSON (or as something else, now and then) with a random content type. */
  private Response send(String method, String path, Object body) {
    String text = body instanceof String s ? s : Json.write(body);
    String type =
        switch (random.nextInt(12)) {
          case 0 -> "text/plain";
          case 1 -> "application/xml";
          case 2 -> "application/json; charset=latin1";
          default -> "application/json";
        };
    return admin().contentType(type).body(text).request(method, path);
  }

  private Object certificateBody() {
    if (random.nextInt(10) == 0) {
      return malformedJson();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    maybe(body, "name", () -> PREFIX + name());
    maybe(body, "domains", this::domains);
    maybe(body, "tls_cert", this::pem);
    maybe(body, "tls_key", this::key);
    maybe(body, "acme", () -> pick(true, false, "local", "lets_encrypt", "https://x/dir", odd()));
    maybe(body, "key_type", () -> pick("ec-p256", "rsa-2048", "dsa", odd()));
    maybe(body, "dns_challenge", () -> pick(true, false, "yes", odd()));
    maybe(body, "dns_provider", () -> pick("cloudflare", "rfc2136", "manual", "godaddy", odd()));
    maybe(
        body,
        "dns_service_url",
        () -> pick("https://api.cloudflare.com?token=t", "$ENV:X", "rfc2136://h", odd()));
    maybe(body, "buffer_days", () -> pick(1, 30, 0, -5, 366, 1e20, "ten", odd()));
    maybe(body, "is_default", () -> pick(true, false, "true", odd()));
    maybe(body, "is_ca", () -> pick(true, false, odd()));
    maybe(body, "remark", this::odd);
    maybe(body, "force", () -> pick(true, false, odd()));
    maybe(body, "unknown_" + random.nextInt(5), this::odd);
    return body;
  }

  private Object channelBody() {
    if (random.nextInt(10) == 0) {
      return malformedJson();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    maybe(body, "name", () -> PREFIX + name());
    maybe(body, "type", () -> pick("webhook", "slack", "wecom", "pagerduty", odd()));
    maybe(body, "url", () -> pick("https://hooks.example.test/x", "http://10.0.0.1/", odd()));
    maybe(body, "secret", this::odd);
    maybe(body, "categories", () -> pick(List.of("expiring"), List.of("nope"), odd()));
    maybe(body, "enabled", () -> pick(true, false, odd()));
    return body;
  }

  private void maybe(Map<String, Object> body, String field, Supplier<Object> value) {
    if (random.nextInt(4) != 0) {
      body.put(field, value.get());
    }
  }

  private Object domains() {
    return pick(
        List.of("fuzz.example.test"),
        "fuzz.example.test",
        List.of("*.*.example.test", "-bad-.test", "ünïcode.test", ""),
        Arrays.asList(odd(), odd()),
        odd());
  }

  private Object pem() {
    return pick(goodCert, damaged(goodCert), "-----BEGIN CERTIFICATE-----\n!!\n", odd());
  }

  private Object key() {
    return pick(goodKey, damaged(goodKey), goodCert, odd());
  }

  private String damaged(String pem) {
    char[] chars = pem.toCharArray();
    for (int i = 0; i < 1 + random.nextInt(5); i++) {
      chars[random.nextInt(chars.length)] = (char) (32 + random.nextInt(95));
    }
    return new String(chars);
  }

  private String name() {
    return pick(
        "n" + random.nextInt(1000),
        "UPPER",
        "a".repeat(300),
        "..",
        "%2e%2e",
        "name%20with%20space",
        "ü");
  }

  private String withQuery(String path) {
    String query = query();
    return query.isEmpty() ? path : path + "?" + query;
  }

  private String query() {
    List<String> parts = new ArrayList<>();
    String[] keys = {"name", "domain", "q", "status", "sort", "cursor", "page", "size", "state"};
    for (int i = 0; i < random.nextInt(4); i++) {
      String key = keys[random.nextInt(keys.length)];
      Object value =
          pick(
              "x",
              "-1",
              "99999999999999999999",
              "expiring",
              "expiry",
              "%25ZZ",
              "%00",
              "a".repeat(2000),
              "current",
              "behind",
              "bm9wZQ");
      parts.add(key + "=" + value);
    }
    return String.join("&", parts);
  }

  /** A value of a wrong or odd kind. */
  private Object odd() {
    return pick(
        null,
        "",
        " ",
        "x".repeat(100_000),
        "\u0000\u202e\ud83d\ude00",
        -1,
        Long.MAX_VALUE,
        3.5,
        true,
        List.of(),
        List.of(1, "a"),
        Map.of("nested", Map.of("a", 1)),
        "<script>",
        "' or 1=1 --");
  }

  private String malformedJson() {
    return pick("{", "[]", "null", "\"text\"", "{\"name\":", "{\"name\":\"x\",}", "1e999");
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }

  /** Jackson, for bodies with nulls and odd types that RestAssured's mapper would refuse. */
  private static final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static String write(Object body) {
      try {
        return MAPPER.writeValueAsString(body);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
