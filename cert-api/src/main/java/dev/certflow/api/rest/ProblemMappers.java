package dev.certflow.api.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.certflow.api.service.ConflictException;
import dev.certflow.api.service.FieldError;
import dev.certflow.api.service.NotFoundException;
import dev.certflow.api.service.ValidationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into application/problem+json; nothing a user can type gives a 500. */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response validation(ValidationException e) {
    return Problem.invalid(e.errors());
  }

  @ServerExceptionMapper
  public Response notFound(NotFoundException e) {
    return Problem.response(404, "Not found", e.getMessage());
  }

  @ServerExceptionMapper
  public Response conflict(ConflictException e) {
    return Problem.build(
        new Problem(
            "about:blank",
            "Conflict",
            409,
            e.getMessage(),
            e.field(),
            List.of(new FieldError(e.field(), e.getMessage()))));
  }

  @ServerExceptionMapper
  public Response unknownField(UnrecognizedPropertyException e) {
    String known =
        e.getKnownPropertyIds().stream()
            .map(Object::toString)
            .sorted()
            .collect(Collectors.joining(", "));
    return Problem.invalid(
        List.of(
            new FieldError(e.getPropertyName(), "is not a known field (known: " + known + ")")));
  }

  @ServerExceptionMapper
  public Response mismatchedInput(MismatchedInputException e) {
    String field = fieldOf(e);
    String expected = e.getTargetType() == null ? "another type" : simpleType(e.getTargetType());
    return Problem.invalid(
        List.of(new FieldError(field, "has the wrong type: expected " + expected)));
  }

  @ServerExceptionMapper
  public Response malformedJson(JsonParseException e) {
    return Problem.invalid(
        List.of(
            new FieldError(
                "body",
                "is not valid JSON (line "
                    + e.getLocation().getLineNr()
                    + ", column "
                    + e.getLocation().getColumnNr()
                    + ")")));
  }

  @ServerExceptionMapper
  public Response otherJson(JsonProcessingException e) {
    String field = e instanceof JsonMappingException m ? fieldOf(m) : "body";
    return Problem.invalid(
        List.of(new FieldError(field, "cannot be read: " + e.getOriginalMessage())));
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    // Quarkus wraps a body that fails to parse; answer with the JSON fault itself.
    if (e.getCause() instanceof UnrecognizedPropertyException u) {
      return unknownField(u);
    }
    if (e.getCause() instanceof MismatchedInputException m) {
      return mismatchedInput(m);
    }
    if (e.getCause() instanceof JsonParseException p) {
      return malformedJson(p);
    }
    if (e.getCause() instanceof JsonProcessingException j) {
      return otherJson(j);
    }
    Response original = e.getResponse();
    int status = original.getStatus();
    return Problem.response(status, original.getStatusInfo().getReasonPhrase(), e.getMessage());
  }

  @ServerExceptionMapper
  public Response unexpected(RuntimeException e) {
    LOG.error("unexpected failure", e);
    return Problem.response(
        500, "Internal error", "an unexpected error occurred; see the server log");
  }

  private static String fieldOf(JsonMappingException e) {
    String path =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."));
    return path.isEmpty() ? "body" : path.replace(".[", "[");
  }

  private static String simpleType(Class<?> type) {
    if (type == Integer.class || type == int.class) {
      return "an integer";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "a JSON object";
  }
}
