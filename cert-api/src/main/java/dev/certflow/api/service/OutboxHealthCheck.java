package dev.certflow.api.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Shows the outbox backlog. Stays up while Kafka is away: uploads are still accepted then and
 * published once it returns, so taking cert-api out of service would only hurt.
 */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

  private final EntityManager em;

  OutboxHealthCheck(EntityManager em) {
    this.em = em;
  }

  @Override
  @Transactional
  public HealthCheckResponse call() {
    Object[] row =
        em.createQuery("select count(o), min(o.createdAt) from OutboxEntry o", Object[].class)
            .getSingleResult();
    long pending = ((Number) row[0]).longValue();
    Instant oldest = (Instant) row[1];
    return HealthCheckResponse.named("outbox")
        .up()
        .withData("pending", pending)
        .withData(
            "oldest_age_seconds",
            oldest == null ? 0 : Duration.between(oldest, Instant.now()).toSeconds())
        .build();
  }
}
