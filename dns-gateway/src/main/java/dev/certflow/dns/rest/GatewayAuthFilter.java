package dev.certflow.dns.rest;

import dev.certflow.dns.config.GatewayToken;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/** With {@code CERTFLOW_DNS_GATEWAY_TOKEN} set, every API call must bear it. */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class GatewayAuthFilter implements ContainerRequestFilter {

  private final GatewayToken token;

  GatewayAuthFilter(GatewayToken token) {
    this.token = token;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (!token.required() || !request.getUriInfo().getPath().startsWith("/api/")) {
      return;
    }
    String header = request.getHeaderString("Authorization");
    String presented =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).strip()
            : "";
    if (!token.accepts(presented)) {
      request.abortWith(
          GatewayProblems.problem(
              401,
              "Unauthorized",
              "send 'Authorization: Bearer <CERTFLOW_DNS_GATEWAY_TOKEN>'",
              null));
    }
  }
}
