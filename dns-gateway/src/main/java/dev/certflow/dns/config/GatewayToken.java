package dev.certflow.dns.config;

import jakarta.enterprise.context.ApplicationScoped;
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
