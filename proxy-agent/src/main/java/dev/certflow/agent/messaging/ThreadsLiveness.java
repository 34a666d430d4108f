package dev.certflow.agent.messaging;

import dev.certflow.kafka.ThreadsHealthCheck;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.Liveness;

/** Liveness fails when a topic follower or consumer loop of this service has died. */
@Liveness
@ApplicationScoped
public class ThreadsLiveness extends ThreadsHealthCheck {}
