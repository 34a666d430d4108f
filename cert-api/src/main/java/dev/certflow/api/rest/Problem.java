package dev.certflow.api.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.certflow.api.service.FieldError;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem detail. {@code field} names the first field at fault and {@code errors} lists
 * every one, so a form can show each error beside its field.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type, String title, int status, String detail, String field, List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public static Response response(int status, String title, String detail) {
    return build(new Problem("about:blank", title, status, detail, null, List.of()));
  }

  public static Response invalid(List<FieldError> errors) {
    String detail =
        errors.stream()
            .map(e -> e.field() + ": " + e.detail())
            .reduce((a, b) -> a + "; " + b)
            .orElse("invalid request");
    return build(
        new Problem(
            "about:blank",
            "Invalid request",
            400,
            detail,
            errors.isEmpty() ? null : errors.get(0).field(),
            errors));
  }

  public static Response build(Problem problem) {
    return Response.status(problem.status()).type(MEDIA_TYPE).entity(problem).build();
  }
}
