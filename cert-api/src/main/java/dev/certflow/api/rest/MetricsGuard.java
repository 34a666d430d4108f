package dev.certflow.api.rest;

import dev.certflow.api.config.ApiTokens;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * With {@code CERTFLOW_METRICS_TOKEN} set, {@code /q/metrics} answers only a scrape that bears it
 * (or an API token): the metrics then name certificates. A Vert.x route ahead of the metrics
 * handler, since that endpoint is not a JAX-RS resource and {@link BearerAuthFilter} never sees it.
 */
@ApplicationScoped
public class MetricsGuard {

  private static final String PROBLEM =
      "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"send"
          + " 'Authorization: Bearer <token>' (CERTFLOW_METRICS_TOKEN) to read the metrics\"}";

  private final ApiTokens tokens;

  MetricsGuard(ApiTokens tokens) {
    this.tokens = tokens;
  }

  void install(@Observes Router router) {
    if (!tokens.metricsGuarded()) {
      return;
    }
    router
        .route("/q/metrics*")
        .order(-100)
        .handler(
            context -> {
              String header = context.request().getHeader("Authorization");
              if (header != null
                  && header.regionMatches(true, 0, "Bearer ", 0, 7)
                  && tokens.mayReadMetrics(header.substring(7).strip())) {
                context.next();
                return;
              }
              context
                  .response()
                  .setStatusCode(401)
                  .putHeader("Content-Type", "application/problem+json")
                  .putHeader("WWW-Authenticate", "Bearer realm=\"certflow metrics\"")
                  .end(PROBLEM);
            });
  }
}
