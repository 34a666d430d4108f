package dev.certflow.api.rest;

import dev.certflow.api.service.FieldError;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;

/**
 * Refuses a query parameter or path segment holding the NUL character (or another C0 control
 * character) with a 400 naming it: no name, domain, cursor or search can hold one, and PostgreSQL
 * text cannot store one, so it would otherwise surface as a 500 from the database.
 */
@Provider
@PreMatching
@Priority(Priorities.USER)
public class ControlCharacterFilter implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    for (Map.Entry<String, List<String>> parameter :
        request.getUriInfo().getQueryParameters(true).entrySet()) {
      for (String value : parameter.getValue()) {
        if (hasControl(value)) {
          refuse(request, parameter.getKey());
          return;
        }
      }
    }
    if (hasControl(request.getUriInfo().getPath(true))) {
      refuse(request, "path");
    }
  }

  private static void refuse(ContainerRequestContext request, String field) {
    request.abortWith(
        Problem.invalid(List.of(new FieldError(field, "must not contain control characters"))));
  }

  private static boolean hasControl(String text) {
    return text.chars().anyMatch(c -> c < 0x20 && c != '\t');
  }
}
