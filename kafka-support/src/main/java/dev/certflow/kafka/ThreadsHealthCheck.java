package dev.certflow.kafka;

import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Down when a topic follower or consumer loop of this process has died, or a round of work (the
 * outbox relay) has hung ({@link InternalThreads}): the process then no longer sees what it acts
 * on, and must be replaced rather than left running. Each service makes it its liveness check with
 * a one-line subclass.
 */
public abstract class ThreadsHealthCheck implements HealthCheck {

  @Override
  public HealthCheckResponse call() {
    List<String> dead = InternalThreads.dead();
    List<String> stalled = InternalThreads.stalled();
    return HealthCheckResponse.named("threads")
        .status(dead.isEmpty() && stalled.isEmpty())
        .withData("dead", String.join(",", dead))
        .withData("stalled", String.join(",", stalled))
        .build();
  }
}
