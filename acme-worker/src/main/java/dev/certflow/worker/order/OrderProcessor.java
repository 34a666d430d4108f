package dev.certflow.worker.order;

import dev.certflow.events.OrderCommand;
import dev.certflow.events.OrderResult;
import dev.certflow.worker.acme.AcmeAccounts;
import dev.certflow.worker.acme.AcmeFailure;
import dev.certflow.worker.acme.CaSettings;
import dev.certflow.worker.acme.CertificateAuthorities;
import dev.certflow.worker.acme.Failures;
import dev.certflow.worker.acme.Polling;
import dev.certflow.worker.challenge.ChallengeSolver;
import dev.certflow.worker.challenge.DnsChallengeSolver;
import dev.certflow.worker.challenge.HttpChallengeSolver;
import dev.certflow.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Base64;
import java.util.Set;
import org.jboss.logging.Logger;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeServerException;

/**
 * Drives one ACME order (RFC 8555, section 7.4): new order, one challenge per pending
 * authorization, finalize with the order's CSR, download the chain. Always answers with a result;
 * every wait is bounded.
 */
@ApplicationScoped
public class OrderProcessor {

  private static final Logger LOG = Logger.getLogger(OrderProcessor.class);
  private static final String ACCOUNT_GONE = Failures.ACME + "accountDoesNotExist";

  private final CertificateAuthorities authorities;
  private final AcmeAccounts accounts;
  private final HttpChallengeSolver http;
  private final DnsChallengeSolver dns;
  private final WorkerConfig config;

  OrderProcessor(
      CertificateAuthorities authorities,
      AcmeAccounts accounts,
      HttpChallengeSolver http,
      DnsChallengeSolver dns,
      WorkerConfig config) {
    this.authorities = authorities;
    this.accounts = accounts;
    this.http = http;
    this.dns = dns;
    this.config = config;
  }

  public OrderResult process(OrderCommand command) throws InterruptedException {
    long started = System.nanoTime();
    try {
      CaSettings ca;
      try {
        ca = authorities.resolve(command.ca());
      } catch (IllegalArgumentException e) {
        throw AcmeFailure.fatal("certflow:unknown-ca", e.getMessage());
      }
      String fullchain = issue(command, ca, true);
      LOG.infof(
          "certificate %s, order %s: issued by %s in %d ms",
          command.certificate(),
          command.orderId(),
          ca.name(),
          (System.nanoTime() - started) / 1_000_000);
      return OrderResult.issued(command.orderId(), command.certificate(), fullchain);
    } catch (AcmeFailure failure) {
      LOG.warnf(
          "certificate %s, order %s: failed (%s): %s",
          command.certificate(),
          command.orderId(),
          failure.retryable() ? "retryable" : "final",
          failure.getMessage());
      OrderResult result =
          OrderResult.failed(
              command.orderId(),
              command.certificate(),
              failure.problemType(),
              failure.getMessage(),
              failure.retryable(),
              failure.retryAfter());
      return failure.unpauseUrl() == null ? result : result.paused(failure.unpauseUrl());
    } catch (RuntimeException e) {
      // A fault of this worker, not of the order: answer it, so cert-api backs off and retries.
      LOG.errorf(e, "certificate %s, order %s: failed", command.certificate(), command.orderId());
      return OrderResult.failed(
          command.orderId(),
          command.certificate(),
          "certflow:internal",
          "the worker failed: " + e,
          true,
          null);
    }
  }

  private String issue(OrderCommand command, CaSettings ca, boolean mayRegisterAgain)
      throws AcmeFailure, InterruptedException {
    try {
      Login login = accounts.login(ca);
      OrderBuilder builder = login.newOrder().domains(command.domains());
      String profile = command.profile();
      if (profile != null && login.getSession().getMetadata().isProfileAllowed(profile)) {
        builder.profile(profile);
      }
      if (command.replaces() != null
          && login.getSession().resourceUrlOptional(Resource.RENEWAL_INFO).isPresent()) {
        // RFC 9773, 5: the CA may then count the order as a renewal (no new-order rate limit).
        builder.replaces(command.replaces());
      }
      Order order = builder.create();
      ChallengeSolver solver = OrderCommand.DNS_01.equals(command.challenge()) ? dns : http;
      for (Authorization authorization : order.getAuthorizations()) {
        if (authorization.getStatus() != Status.VALID) {
          solver.solve(command, authorization);
        }
      }
      Polling.settle(
          order, order::getStatus, Set.of(Status.PENDING), config.stepTimeout(), "order");
      order.execute(Base64.getDecoder().decode(command.csr()));
      Status status =
          Polling.settle(
              order,
              order::getStatus,
              Set.of(Status.READY, Status.PROCESSING),
              config.stepTimeout(),
              "order");
      if (status != Status.VALID) {
        throw order
            .getError()
            .map(Failures::of)
            .orElseGet(() -> AcmeFailure.fatal("certflow:invalid", "the order ended " + status));
      }
      Certificate certificate = order.getCertificate();
      certificate.download();
      StringWriter pem = new StringWriter();
      certificate.writeCertificate(pem);
      return pem.toString();
    } catch (AcmeServerException e) {
      if (mayRegisterAgain && ACCOUNT_GONE.equals(e.getType().toString())) {
        // The CA forgot the account (Pebble does at each restart): register again, once.
        LOG.infof("%s no longer knows the account; registering again", ca.name());
        accounts.forget(ca);
        return issue(command, ca, false);
      }
      throw Failures.classify(e);
    } catch (AcmeException e) {
      throw Failures.classify(e);
    } catch (IOException e) {
      throw AcmeFailure.retryable("certflow:io", e.getMessage());
    }
  }
}
