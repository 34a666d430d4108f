package dev.certflow.kafka;

import java.time.Duration;
import java.time.Instant;

/**
 * A scheduled job (the alert scan, the renewal scan, the expiry metric) as liveness sees it: it is
 * stalled when one round has run longer than the patience, say blocked on a lock, or when no round
 * has begun for that long, because the scheduler stopped calling it. Either way the process no
 * longer does that work and liveness says DOWN (see {@link ThreadsHealthCheck}).
 */
public final class ScheduledRounds implements AutoCloseable {

  private final Object handle;
  private volatile Instant lastStart = Instant.now();

  /**
   * @param patience longer than the job's interval and than any round may take
   */
  public ScheduledRounds(String name, Duration patience) {
    this.handle = InternalThreads.watchWork(name, () -> lastStart, patience);
  }

  /** Runs one round. */
  public void run(Runnable round) {
    lastStart = Instant.now();
    try {
      round.run();
    } finally {
      // The round is over: from now on only the wait for the next one counts.
      lastStart = Instant.now();
    }
  }

  @Override
  public void close() {
    InternalThreads.unwatch(handle);
  }
}
