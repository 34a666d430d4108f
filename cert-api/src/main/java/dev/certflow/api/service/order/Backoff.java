package dev.certflow.api.service.order;

import java.time.Duration;

/** Waits between failed ACME attempts: 1 min, 10 min, 100 min, then daily. */
public final class Backoff {

  private static final Duration[] STEPS = {
    Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofMinutes(100), Duration.ofDays(1)
  };

  private Backoff() {}

  /** The wait after the given number of consecutive failures (1 or more). */
  public static Duration after(int failures) {
    return STEPS[Math.max(0, Math.min(failures, STEPS.length) - 1)];
  }
}
