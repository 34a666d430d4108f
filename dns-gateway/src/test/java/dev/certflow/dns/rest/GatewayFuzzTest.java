package dev.certflow.dns.rest;

import static dev.certflow.dns.testing.Gateway.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.certflow.dns.testing.KnotResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Generated requests against dns-gateway's inputs (issue 15): odd providers, URLs, names, values,
 * sealed URLs and ids. No 5xx but 503 for an unreachable provider; every refusal is problem+json
 * and a 400 names its field. Every URL it generates points at loopback (Knot, or a closed port), so
 * nothing leaves the machine.
 */
@QuarkusTest
@WithTestResource(value = KnotResource.class, scope = TestResourceScope.GLOBAL)
class GatewayFuzzTest {

  private static final int REQUESTS = Integer.getInteger("fuzz.requests", 3_000);
  private static final long SEED = Long.getLong("fuzz.seed", 15L);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Random random = new Random(SEED);

  @Test
  void noGeneratedRequestGetsA5xxAndEveryRefusalNamesItsCause() throws Exception {
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < REQUESTS && failures.size() < 20; i++) {
      Response response =
          switch (random.nextInt(4)) {
            case 0, 1 ->
                given()
                    .contentType(random.nextInt(10) == 0 ? "text/plain" : "application/json")
                    .body(random.nextInt(10) == 0 ? malformed() : JSON.writeValueAsString(body()))
                    .post("/api/v1/challenges");
            case 2 -> given().urlEncodingEnabled(false).get("/api/v1/challenges/" + id());
            default -> given().urlEncodingEnabled(false).delete("/api/v1/challenges/" + id());
          };
      String problem = check(response);
      if (problem != null) {
        failures.add("request " + i + ": " + problem);
      }
    }
    assertThat(failures).as("seed " + SEED).isEmpty();
  }

  private static String check(Response response) throws JsonProcessingException {
    int status = response.statusCode();
    boolean problemJson =
        String.valueOf(response.contentType()).startsWith("application/problem+json");
    // 503 is the answer for a provider that cannot be reached (the generated URLs point at closed
    // loopback ports): the worker backs off on it. Any other 5xx is a fault.
    if (status >= 500 && !(status == 503 && problemJson)) {
      return "HTTP " + status + ": " + response.asString();
    }
    if (status >= 400 && status != 414 && status != 431) {
      String type = String.valueOf(response.contentType());
      if (!type.startsWith("application/problem+json")) {
        return "HTTP " + status + " as " + type + ": " + response.asString();
      }
      if (status == 400 && response.jsonPath().getString("field") == null) {
        return "HTTP 400 without a field: " + response.asString();
      }
    }
    return null;
  }

  private Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    maybe(
        body, "provider", pick("rfc2136", "cloudflare", "cf", "aliyun", "huawei", "manual", odd()));
    maybe(
        body,
        "dns_service_url",
        pick(
            KnotResource.knot.serviceUrl(),
            "rfc2136://127.0.0.1:1?tsig_name=k&tsig_secret=AAAA",
            "https://127.0.0.1:1?token=t",
            "https://127.0.0.1:1?access_key_id=a&access_key_secret=s",
            "$ENV:NOT_SET_" + random.nextInt(3),
            odd()));
    maybe(body, "sealed_dns_service_url", pick("AQID", "not sealed", odd()));
    maybe(body, "certificate", pick("shop", odd()));
    maybe(
        body,
        "name",
        pick(
            "_acme-challenge.fz" + random.nextInt(100) + ".certflow.test",
            "_acme-challenge.delegated.certflow.test",
            "..",
            "a".repeat(300) + ".certflow.test",
            odd()));
    maybe(body, "value", pick("token-" + random.nextInt(1000), "\"quoted\"", odd()));
    return body;
  }

  private void maybe(Map<String, Object> body, String field, Object value) {
    if (random.nextInt(5) != 0) {
      body.put(field, value);
    }
  }

  private String id() {
    return (String) pick("x", "AAAA", "A".repeat(2000), "%2e%2e", "bm9wZQ", "_-_", "%25ZZ", "%00");
  }

  private Object odd() {
    return pick(
        null,
        "",
        " ",
        "x".repeat(50_000),
        "\u0000\u202e",
        -1,
        3.5,
        true,
        List.of(),
        Arrays.asList(1, null),
        Map.of("a", 1));
  }

  private String malformed() {
    return (String) pick("{", "[]", "null", "\"s\"", "{\"name\":", "1e999");
  }

  private Object pick(Object... options) {
    return options[random.nextInt(options.length)];
  }
}
