package dev.certflow.worker.challenge;

import dev.certflow.events.OrderCommand;
import dev.certflow.worker.acme.AcmeFailure;
import dev.certflow.worker.acme.Failures;
import dev.certflow.worker.acme.Polling;
import dev.certflow.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.jboss.logging.Logger;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeException;

/** HTTP-01: every proxy agent serves the token, so whichever node the CA reaches answers. */
@ApplicationScoped
public class HttpChallengeSolver implements ChallengeSolver {

  private static final Logger LOG = Logger.getLogger(HttpChallengeSolver.class);

  private final ChallengePublisher publisher;
  private final AgentTokens agents;
  private final WorkerConfig config;

  HttpChallengeSolver(ChallengePublisher publisher, AgentTokens agents, WorkerConfig config) {
    this.publisher = publisher;
    this.agents = agents;
    this.config = config;
  }

  @Override
  public void solve(OrderCommand order, Authorization authorization)
      throws AcmeException, AcmeFailure, InterruptedException {
    String domain = authorization.getIdentifier().getDomain();
    Http01Challenge challenge =
        authorization
            .findChallenge(Http01Challenge.class)
            .orElseThrow(
                () ->
                    AcmeFailure.fatal(
                        "certflow:no-challenge",
                        "the CA offers no http-01 challenge for " + domain));
    publisher.present(challenge.getToken(), challenge.getAuthorization(), order.orderId());
    try {
      agents.awaitServed(challenge.getToken());
      challenge.trigger();
      Status status =
          Polling.settle(
              challenge,
              challenge::getStatus,
              Set.of(Status.PENDING, Status.PROCESSING),
              config.stepTimeout(),
              "http-01 challenge for " + domain);
      if (status != Status.VALID) {
        throw challenge
            .getError()
            .map(Failures::of)
            .orElseGet(
                () ->
                    AcmeFailure.fatal(
                        "certflow:invalid",
                        "http-01 challenge for " + domain + " ended " + status));
      }
      LOG.infof(
          "certificate %s, order %s: %s proven by http-01",
          order.certificate(), order.orderId(), domain);
    } finally {
      publisher.remove(challenge.getToken());
    }
  }
}
