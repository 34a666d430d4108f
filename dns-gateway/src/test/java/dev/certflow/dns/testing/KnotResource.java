package dev.certflow.dns.testing;

import dev.certflow.security.KeySealer;
import dev.certflow.testing.TestKnot;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

/** A real Knot server for the gateway's tests; names under certflow.test, one CNAME delegation. */
public class KnotResource implements QuarkusTestResourceLifecycleManager {

  public static final String DNS_KEY = KeySealer.generateKey();
  public static TestKnot knot;

  @Override
  public Map<String, String> start() {
    try {
      knot =
          new TestKnot(
              Files.createTempDirectory("certflow-gateway"),
              Map.of("_acme-challenge.delegated", "CNAME _acme-challenge.target.certflow.test."));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return Map.of(
        "certflow.dns-key",
        DNS_KEY,
        "certflow.dns-resolver",
        knot.address(),
        "certflow.dns-authoritative-port",
        String.valueOf(knot.port),
        "certflow.dns-manual-timeout",
        "1m");
  }

  @Override
  public void stop() {
    if (knot != null) {
      knot.close();
    }
  }
}
