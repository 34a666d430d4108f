package dev.certflow.worker.challenge;

import dev.certflow.events.OrderCommand;
import dev.certflow.worker.acme.AcmeFailure;
import jakarta.enterprise.context.ApplicationScoped;
import org.shredzone.acme4j.Authorization;

/** DNS-01 through dns-gateway. */
@ApplicationScoped
public class DnsChallengeSolver implements ChallengeSolver {

  @Override
  public void solve(OrderCommand order, Authorization authorization) throws AcmeFailure {
    throw AcmeFailure.fatal("certflow:dns-unavailable", "dns-01 is not available yet");
  }
}
