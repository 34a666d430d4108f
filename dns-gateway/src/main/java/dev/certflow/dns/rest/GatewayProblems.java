package dev.certflow.dns.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.certflow.dns.provider.ProviderException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Failures as application/problem+json. A provider failure that may pass is a 503 (the worker
 * retries later); one that needs a change is a 422.
 */
public class GatewayProblems {

  private static final Logger LOG = Logger.getLogger(GatewayProblems.class);

  static Response problem(int status, String title, String detail, String field) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    if (field != null) {
      body.put("field", field);
    }
    return Response.status(status).type("application/problem+json").entity(body).build();
  }

  @ServerExceptionMapper
  public Response invalid(ChallengeResource.InvalidField e) {
    return problem(400, "Invalid request", e.field + ": " + e.getMessage(), e.field);
  }

  @ServerExceptionMapper
  public Response provider(ProviderException e) {
    LOG.warn(e.getMessage());
    if (!e.retryable()) {
      return problem(422, "Provider refused", e.getMessage(), null);
    }
    Response unavailable = problem(503, "Provider unavailable", e.getMessage(), null);
    // The vendor's own hint (rate limits) travels on to the worker's backoff.
    return e.retryAfter()
        .map(
            after ->
                Response.fromResponse(unavailable)
                    .header("Retry-After", Math.max(1, after.toSeconds()))
                    .build())
        .orElse(unavailable);
  }

  /** A field of the wrong JSON type: named, as every refusal names its field. */
  @ServerExceptionMapper
  public Response wrongType(MismatchedInputException e) {
    String field =
        e.getPath().stream()
            .map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]" : r.getFieldName())
            .reduce((a, b) -> a + "." + b)
            .orElse("body");
    return problem(400, "Invalid request", field + ": has the wrong type", field);
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException e) {
    return problem(400, "Invalid request", "body: " + e.getOriginalMessage(), "body");
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    if (e.getCause() instanceof JsonProcessingException json) {
      return json(json);
    }
    return problem(
        e.getResponse().getStatus(),
        e.getResponse().getStatusInfo().getReasonPhrase(),
        e.getMessage(),
        null);
  }
}
