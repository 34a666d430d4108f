package dev.certflow.agent.rest;

import dev.certflow.agent.messaging.CertificateFeed;
import dev.certflow.agent.messaging.StatusReporter;
import dev.certflow.agent.store.CertificateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once the node has read every certificate that existed when it started. Whether its
 * reports reach Kafka is shown, not made a condition: a node that serves but cannot report still
 * serves, and cert-api shows it as silent.
 */
@Readiness
@ApplicationScoped
public class FeedReadiness implements HealthCheck {

  private final CertificateFeed feed;
  private final CertificateStore store;
  private final StatusReporter reporter;

  FeedReadiness(CertificateFeed feed, CertificateStore store, StatusReporter reporter) {
    this.feed = feed;
    this.store = store;
    this.reporter = reporter;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("certificates")
            .status(feed.caughtUp())
            .withData("served", store.table().all().size());
    Instant failing = reporter.failingSince();
    return response
        .withData("reports", failing == null ? "delivered" : "failing since " + failing)
        .build();
  }
}
