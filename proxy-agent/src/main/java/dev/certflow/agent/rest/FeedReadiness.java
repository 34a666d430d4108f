package dev.certflow.agent.rest;

import dev.certflow.agent.messaging.CertificateFeed;
import dev.certflow.agent.store.CertificateStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the node has read every certificate that existed when it started. */
@Readiness
@ApplicationScoped
public class FeedReadiness implements HealthCheck {

  private final CertificateFeed feed;
  private final CertificateStore store;

  FeedReadiness(CertificateFeed feed, CertificateStore store) {
    this.feed = feed;
    this.store = store;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("certificates")
        .status(feed.caughtUp())
        .withData("served", store.table().all().size())
        .build();
  }
}
