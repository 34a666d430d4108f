package dev.certflow.dns.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** Requests to the gateway under test, as a worker sends them: with the bearer token. */
public final class Gateway {

  /** The token the module's tests run the gateway with (application.properties, %test). */
  public static final String TOKEN = "gateway-test-token";

  private Gateway() {}

  public static RequestSpecification given() {
    return RestAssured.given().header("Authorization", "Bearer " + TOKEN);
  }
}
