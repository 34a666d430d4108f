package dev.certflow.worker.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.exception.AcmeUnauthorizedException;
import org.shredzone.acme4j.toolbox.JSON;

/** RFC 8555 problem documents, as a CA sends them, classed retryable or final. */
class FailuresTest {

  private static Problem problem(String type, String detail) throws Exception {
    return new Problem(
        JSON.parse(
            "{\"type\":\"urn:ietf:params:acme:error:"
                + type
                + "\",\"detail\":\""
                + detail
                + "\","
                + "\"subproblems\":[{\"type\":\"urn:ietf:params:acme:error:caa\",\"detail\":\"CAA forbids\","
                + "\"identifier\":{\"type\":\"dns\",\"value\":\"b.example\"}}]}"),
        new URL("https://ca.example/acme/order/1"));
  }

  @Test
  void rateLimitsAreRetryableAfterTheCasHint() throws Exception {
    Instant after = Instant.parse("2026-12-01T00:00:00Z");
    AcmeFailure failure =
        Failures.classify(
            new AcmeRateLimitedException(
                problem("rateLimited", "too many certificates"), after, List.of()));

    assertThat(failure.retryable()).isTrue();
    assertThat(failure.retryAfter()).isEqualTo(after);
    assertThat(failure.getMessage())
        .startsWith("too many certificates")
        .contains("b.example: CAA forbids");
  }

  @Test
  void aPauseOfTheAccountIsFinalAndCarriesItsUnpauseLink() throws Exception {
    String link = "https://portal.letsencrypt.org/sfe/v1/unpause?jwt=eyJhbGc.eyJzdWIi.sig";
    AcmeFailure failure =
        Failures.classify(
            new AcmeRateLimitedException(
                problem(
                    "rateLimited",
                    "Your account is temporarily prevented from requesting certificates for"
                        + " b.example and possibly others. Please visit: "
                        + link
                        + "."),
                null,
                List.of()));

    assertThat(failure.unpauseUrl()).isEqualTo(link);
    assertThat(failure.retryable()).isFalse();
    // An ordinary rate limit is no pause.
    assertThat(
            Failures.classify(
                    new AcmeRateLimitedException(
                        problem("rateLimited", "see https://letsencrypt.org/docs/rate-limits/"),
                        null,
                        List.of()))
                .unpauseUrl())
        .isNull();
  }

  @Test
  void serverTroubleAndNetworkAreRetryableValidationAndAuthAreFinal() throws Exception {
    assertThat(Failures.classify(new AcmeServerException(problem("badNonce", "stale"))).retryable())
        .isTrue();
    assertThat(
            Failures.classify(new AcmeServerException(problem("serverInternal", "oops")))
                .retryable())
        .isTrue();
    assertThat(Failures.classify(new AcmeNetworkException(new IOException("refused"))).retryable())
        .isTrue();

    assertThat(
            Failures.classify(new AcmeServerException(problem("rejectedIdentifier", "no")))
                .retryable())
        .isFalse();
    assertThat(
            Failures.classify(new AcmeUnauthorizedException(problem("unauthorized", "no")))
                .retryable())
        .isFalse();
    AcmeFailure invalid = Failures.of(problem("connection", "connection refused"));
    assertThat(invalid.retryable()).isFalse();
    assertThat(invalid.problemType()).isEqualTo("urn:ietf:params:acme:error:connection");
  }
}
