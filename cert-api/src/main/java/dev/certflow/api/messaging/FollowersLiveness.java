package dev.certflow.api.messaging;

import dev.certflow.events.CompactedTopicFollower;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down when a thread that follows a topic has died (say, of an error it cannot recover from): the
 * process then no longer sees what it acts on, and must be replaced rather than left running.
 */
@Liveness
@ApplicationScoped
public class FollowersLiveness implements HealthCheck {

  @Override
  public HealthCheckResponse call() {
    List<String> dead = CompactedTopicFollower.deadTopics();
    return HealthCheckResponse.named("topic-followers")
        .status(dead.isEmpty())
        .withData("dead", String.join(",", dead))
        .build();
  }
}
