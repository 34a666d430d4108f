package dev.certflow.api.testing;

import static io.restassured.RestAssured.given;

import dev.certflow.testing.TestPki;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.Map;

/** Request helpers for the REST tests. */
public final class Api {

  static {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  private Api() {}

  public static RequestSpecification admin() {
    return given().auth().oauth2(InfraResource.ADMIN_TOKEN).contentType(ContentType.JSON);
  }

  public static RequestSpecification viewer() {
    return given().auth().oauth2(InfraResource.VIEWER_TOKEN).contentType(ContentType.JSON);
  }

  /** An upload body for a fresh leaf (with intermediate) covering the given names. */
  public static Map<String, Object> upload(String name, String... dnsNames) {
    TestPki.Issued leaf = TestPki.leaf(CA.INTERMEDIATE, 90, dnsNames);
    return upload(name, leaf);
  }

  public static Map<String, Object> upload(String name, TestPki.Issued leaf) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("tls_cert", TestPki.pem(leaf.certificate(), CA.INTERMEDIATE.certificate()));
    body.put("tls_key", leaf.pkcs8Pem());
    return body;
  }

  /** One test CA hierarchy for the whole run. */
  public static final class CA {
    public static final TestPki.Issued ROOT = TestPki.rootCa("certflow test root");
    public static final TestPki.Issued INTERMEDIATE =
        TestPki.intermediateCa(ROOT, "certflow test intermediate");

    private CA() {}
  }
}
