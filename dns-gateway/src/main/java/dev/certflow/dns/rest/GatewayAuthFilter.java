package dev.certflow.dns.rest;

import dev.certflow.dns.config.GatewayConfig;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** With {@code CERTFLOW_DNS_GATEWAY_TOKEN} set, every API call must bear it. */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class GatewayAuthFilter implements ContainerRequestFilter {

  private final GatewayConfig config;

  GatewayAuthFilter(GatewayConfig config) {
    this.config = config;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String token = config.dnsGatewayToken().filter(t -> !t.isBlank()).orElse(null);
    if (token == null || !request.getUriInfo().getPath().startsWith("/api/")) {
      return;
    }
    String header = request.getHeaderString("Authorization");
    String presented =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).strip()
            : "";
    if (!MessageDigest.isEqual(
        presented.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      request.abortWith(
          GatewayProblems.problem(
              401,
              "Unauthorized",
              "send 'Authorization: Bearer <CERTFLOW_DNS_GATEWAY_TOKEN>'",
              null));
    }
  }
}
