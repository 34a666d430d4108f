package dev.certflow.worker.messaging;

import dev.certflow.events.InternalThreads;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down when a topic follower or consumer loop has died (say, of an error it cannot recover from):
 * the process then no longer sees what it acts on, and must be replaced rather than left running.
 */
@Liveness
@ApplicationScoped
public class ThreadsLiveness implements HealthCheck {

  @Override
  public HealthCheckResponse call() {
    List<String> dead = InternalThreads.dead();
    return HealthCheckResponse.named("threads")
        .status(dead.isEmpty())
        .withData("dead", String.join(",", dead))
        .build();
  }
}
