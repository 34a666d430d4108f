package dev.certflow.worker.challenge;

import dev.certflow.events.DnsCleanup;
import dev.certflow.events.OrderCommand;
import dev.certflow.worker.acme.AcmeFailure;
import dev.certflow.worker.config.WorkerConfig;
import dev.certflow.worker.dns.DnsCleanups;
import dev.certflow.worker.dns.DnsGatewayClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * DNS-01 through dns-gateway: present {@code _acme-challenge.<domain>} (the base name for a
 * wildcard), record that it is owed a removal, wait until every authoritative server answers it,
 * trigger, and clean up whatever the outcome. A clean-up that fails now is left to the sweep (see
 * {@link DnsCleanups}). The provider URL travels sealed for the gateway; the worker never sees it.
 */
@ApplicationScoped
public class DnsChallengeSolver implements ChallengeSolver {

  private static final Logger LOG = Logger.getLogger(DnsChallengeSolver.class);

  private final WorkerConfig config;
  private final DnsGatewayClient gateway;
  private final DnsCleanups cleanups;

  DnsChallengeSolver(WorkerConfig config, DnsGatewayClient gateway, DnsCleanups cleanups) {
    this.config = config;
    this.gateway = gateway;
    this.cleanups = cleanups;
  }

  @Override
  public void solve(OrderCommand order, Authorization authorization)
      throws AcmeException, AcmeFailure, InterruptedException {
    String domain = authorization.getIdentifier().getDomain();
    Dns01Challenge challenge =
        authorization
            .findChallenge(Dns01Challenge.class)
            .orElseThrow(
                () ->
                    AcmeFailure.fatal(
                        "certflow:no-challenge",
                        "the CA offers no dns-01 challenge for " + domain));
    DnsCleanup owed =
        new DnsCleanup(
            order.certificate(),
            order.domains(),
            challenge.getRRName(authorization.getIdentifier()),
            challenge.getDigest(),
            order.dnsProvider(),
            order.sealedDnsServiceUrl(),
            null,
            Instant.now());
    // Owed before it is asked for: a gateway that dies after creating it leaves it listed.
    cleanups.owe(owed);
    String id;
    try {
      id = gateway.present(owed.presentRequest()).path("id").asText();
      cleanups.owe(owed.withId(id));
    } catch (AcmeFailure e) {
      if (e.retryable()) {
        LOG.warnf(
            "certificate %s: presenting the TXT record for %s failed, a left-over is swept: %s",
            order.certificate(), domain, e.getMessage());
      } else {
        cleanups.settled(owed); // refused: nothing was created
      }
      throw e;
    }
    try {
      awaitPropagation(id, domain);
      ChallengeValidation.triggerAndAwait(challenge, domain, config.stepTimeout());
      LOG.infof(
          "certificate %s, order %s: %s proven by dns-01",
          order.certificate(), order.orderId(), domain);
    } finally {
      try {
        gateway.cleanUp(id);
        cleanups.settled(owed);
      } catch (AcmeFailure e) {
        LOG.warnf(
            "certificate %s: cleaning up the TXT record for %s failed, left to the sweep: %s",
            order.certificate(), domain, e.getMessage());
      }
    }
  }

  private void awaitPropagation(String id, String domain) throws AcmeFailure, InterruptedException {
    Instant deadline = Instant.now().plus(config.dnsPropagationTimeout());
    long pause = 100;
    while (!gateway.propagated(id)) {
      if (Instant.now().isAfter(deadline)) {
        throw AcmeFailure.retryable(
            "certflow:dns-propagation",
            "the TXT record for "
                + domain
                + " was not answered by every authoritative server within "
                + config.dnsPropagationTimeout().toSeconds()
                + " s");
      }
      Thread.sleep(pause);
      pause = Math.min(2_000, pause * 2);
    }
  }
}
