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
