package dev.certflow.worker.acme;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import org.shredzone.acme4j.AcmeJsonResource;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Waits for an ACME resource to settle with a short, growing interval (10 ms up to 1 s), bounded in
 * time. acme4j's own wait sleeps 3 s whenever the CA sends no Retry-After, which would make every
 * order take seconds longer than the CA needs.
 */
public final class Polling {

  private static final long FIRST_MS = 10;
  private static final long MAX_MS = 1_000;

  private Polling() {}

  /**
   * Fetches the resource until its status leaves {@code pending}/{@code processing}.
   *
   * @throws AcmeFailure (retryable) when it does not settle within {@code timeout}
   */
  public static Status settle(
      AcmeJsonResource resource,
      Supplier<Status> status,
      Set<Status> waiting,
      Duration timeout,
      String what)
      throws AcmeException, AcmeFailure, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    long pause = FIRST_MS;
    while (true) {
      Status current = status.get();
      if (!waiting.contains(current)) {
        return current;
      }
      if (Instant.now().isAfter(deadline)) {
        throw AcmeFailure.retryable(
            "certflow:timeout",
            what + " still " + current + " after " + timeout.toSeconds() + " s");
      }
      Thread.sleep(pause);
      pause = Math.min(MAX_MS, pause * 2);
      resource.fetch();
    }
  }
}
