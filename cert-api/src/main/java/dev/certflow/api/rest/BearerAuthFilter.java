package dev.certflow.api.rest;

import dev.certflow.api.config.ApiTokens;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every {@code /api} call needs a bearer token: the admin token may do anything, a viewer token may
 * only read, and never export private keys.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthFilter implements ContainerRequestFilter {

  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  private static final Pattern EXPORT = Pattern.compile("/api/v1/certificates/[^/]+/export/?");

  private final ApiTokens tokens;

  BearerAuthFilter(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/api/") && !path.equals("/api")) {
      return;
    }
    String header = request.getHeaderString("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      request.abortWith(
          unauthorized("send 'Authorization: Bearer <token>' (admin or viewer token)"));
      return;
    }
    switch (tokens.roleOf(header.substring(7).strip())) {
      case ADMIN -> {}
      case VIEWER -> {
        if (!READ_METHODS.contains(request.getMethod())
            || EXPORT.matcher(path).matches()
            || path.startsWith("/api/v1/channels")) { // channels are the admin's alone
          request.abortWith(
              Problem.response(
                  403, "Forbidden", "a viewer token may only read; this needs the admin token"));
        }
      }
      case NONE -> request.abortWith(unauthorized("the bearer token is not valid"));
    }
  }

  private static Response unauthorized(String detail) {
    return Response.fromResponse(Problem.response(401, "Unauthorized", detail))
        .header("WWW-Authenticate", "Bearer realm=\"certflow\"")
        .build();
  }
}
