package dev.certflow.dns.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The bearer token callers must send, if one is configured. A normal-scoped bean, so the REST
 * filter that uses it is not built before configuration is available.
 */
@ApplicationScoped
public class GatewayToken {

  private final byte[] token;

  GatewayToken(GatewayConfig config) {
    this.token =
        config
            .dnsGatewayToken()
            .filter(t -> !t.isBlank())
            .map(t -> t.getBytes(StandardCharsets.UTF_8))
            .orElse(null);
    if (token == null && !config.dnsGatewayOpen()) {
      throw new IllegalStateException(
          "refusing to start: CERTFLOW_DNS_GATEWAY_TOKEN is not set, and without it anyone who"
              + " reaches this port could use its DNS credentials. Set a token (bin/certflow and"
              + " docker-compose make one) and give the workers the same, or set"
              + " CERTFLOW_DNS_GATEWAY_OPEN=true for development.");
    }
  }

  /** Checked at start, so a missing token stops the gateway before it listens. */
  void onStart(@Observes StartupEvent event) {
    // The constructor did the check; observing makes the bean (and the check) eager.
  }

  public boolean required() {
    return token != null;
  }

  /** Compares in constant time. */
  public boolean accepts(String presented) {
    return token != null
        && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token);
  }
}
