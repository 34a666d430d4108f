package dev.certflow.api.config;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** The bearer tokens the API accepts. Start-up fails, saying so, without an admin token. */
@Startup
@ApplicationScoped
public class ApiTokens {

  /** What a token may do. */
  public enum Role {
    ADMIN,
    VIEWER,
    NONE
  }

  private final byte[] adminToken;
  private final List<byte[]> viewerTokens;
  private final byte[] metricsToken;

  ApiTokens(CertflowConfig config) {
    String admin =
        config
            .adminToken()
            .filter(t -> !t.isBlank())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "CERTFLOW_ADMIN_TOKEN is not set: give the API's admin bearer token"));
    this.adminToken = admin.strip().getBytes(StandardCharsets.UTF_8);
    this.viewerTokens =
        config.viewerTokens().orElse(List.of()).stream()
            .filter(t -> !t.isBlank())
            .map(t -> t.strip().getBytes(StandardCharsets.UTF_8))
            .toList();
    this.metricsToken =
        config
            .metricsToken()
            .filter(t -> !t.isBlank())
            .map(t -> t.strip().getBytes(StandardCharsets.UTF_8))
            .orElse(null);
  }

  /** Whether scrapes of the metrics must bear a token. */
  public boolean metricsGuarded() {
    return metricsToken != null;
  }

  /** Whether a token may read the metrics: the metrics token, or any API token. */
  public boolean mayReadMetrics(String token) {
    byte[] presented = token.getBytes(StandardCharsets.UTF_8);
    boolean metrics = metricsToken != null && MessageDigest.isEqual(presented, metricsToken);
    boolean api = roleOf(token) != Role.NONE; // both compared, whichever matches
    return metrics || api;
  }

  /** The role of a presented token, compared in constant time. */
  public Role roleOf(String token) {
    byte[] presented = token.getBytes(StandardCharsets.UTF_8);
    if (MessageDigest.isEqual(presented, adminToken)) {
      return Role.ADMIN;
    }
    boolean viewer = false;
    for (byte[] candidate : viewerTokens) {
      viewer |= MessageDigest.isEqual(presented, candidate);
    }
    return viewer ? Role.VIEWER : Role.NONE;
  }
}
