package dev.certflow.worker.challenge;

import dev.certflow.events.OrderCommand;
import dev.certflow.worker.acme.AcmeFailure;
import dev.certflow.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.shredzone.acme4j.Authorization;
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
      ChallengeValidation.triggerAndAwait(challenge, domain, config.stepTimeout());
      LOG.infof(
          "certificate %s, order %s: %s proven by http-01",
          order.certificate(), order.orderId(), domain);
    } finally {
      publisher.remove(challenge.getToken());
    }
  }
}
