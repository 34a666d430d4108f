package dev.certflow.worker.challenge;

import dev.certflow.worker.acme.AcmeFailure;
import dev.certflow.worker.acme.Failures;
import dev.certflow.worker.acme.Polling;
import java.time.Duration;
import java.util.Set;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.exception.AcmeException;

/** The step every challenge type shares: ask the CA to validate, wait for its verdict. */
final class ChallengeValidation {

  private ChallengeValidation() {}

  /**
   * Triggers the challenge and waits (bounded) until the CA decides.
   *
   * @throws AcmeFailure with the CA's problem when it finds the challenge invalid
   */
  static void triggerAndAwait(Challenge challenge, String domain, Duration timeout)
      throws AcmeException, AcmeFailure, InterruptedException {
    String what = challenge.getType() + " challenge for " + domain;
    challenge.trigger();
    Status status =
        Polling.settle(
            challenge,
            challenge::getStatus,
            Set.of(Status.PENDING, Status.PROCESSING),
            timeout,
            what);
    if (status != Status.VALID) {
      throw challenge
          .getError()
          .map(Failures::of)
          .orElseGet(() -> AcmeFailure.fatal("certflow:invalid", what + " ended " + status));
    }
  }
}
