package dev.certflow.worker.challenge;

import dev.certflow.events.OrderCommand;
import dev.certflow.worker.acme.AcmeFailure;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Proves control of one authorization's identifier: present, wait until it can be seen, trigger,
 * wait for the CA's verdict, and clean up whatever the outcome.
 */
public interface ChallengeSolver {

  /**
   * Solves the authorization or fails.
   *
   * @throws AcmeFailure when the challenge cannot be presented or the CA finds it invalid
   */
  void solve(OrderCommand order, Authorization authorization)
      throws AcmeException, AcmeFailure, InterruptedException;
}
