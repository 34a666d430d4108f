package dev.certflow.worker.acme;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.exception.AcmeUnauthorizedException;

/** Classes acme4j's exceptions: what may succeed later as it is, and what needs a change. */
public final class Failures {

  public static final String ACME = "urn:ietf:params:acme:error:";

  /**
   * ACME problem types that a later attempt can overcome without any change. A failed validation
   * (connection, dns, unauthorized, incorrectResponse) is final: it needs the DNS or the proxy
   * fixed.
   */
  static final Set<String> RETRYABLE =
      Set.of("badNonce", "serverInternal", "rateLimited", "orderNotReady");

  /**
   * Let's Encrypt pauses an account that keeps failing validation for a name: its problem (a {@code
   * rateLimited} or {@code unauthorized}) links the page that lifts the pause, {@code
   * .../sfe/v1/unpause?jwt=...}. No retry helps before someone visits it.
   */
  private static final Pattern UNPAUSE = Pattern.compile("https://\\S+/unpause\\S*");

  private Failures() {}

  public static AcmeFailure classify(AcmeException e) {
    if (e instanceof AcmeServerException server) {
      Optional<String> unpause = unpauseUrl(server.getProblem());
      if (unpause.isPresent()) {
        return new AcmeFailure(
            server.getType().toString(), describe(server.getProblem()), false, null, unpause.get());
      }
    }
    if (e instanceof AcmeRateLimitedException limited) {
      return new AcmeFailure(
          limited.getType().toString(),
          describe(limited.getProblem()),
          true,
          limited.getRetryAfter().orElse(null));
    }
    if (e instanceof AcmeUnauthorizedException unauthorized) {
      return AcmeFailure.fatal(
          unauthorized.getType().toString(), describe(unauthorized.getProblem()));
    }
    if (e instanceof AcmeServerException server) {
      return of(server.getProblem());
    }
    if (e instanceof AcmeNetworkException) {
      return AcmeFailure.retryable(
          "certflow:network", "the CA could not be reached: " + e.getMessage());
    }
    return AcmeFailure.retryable("certflow:acme", e.getMessage());
  }

  /** A failure from a problem document the CA returned (an order's or a challenge's error). */
  public static AcmeFailure of(Problem problem) {
    String type = problem.getType().toString();
    String shortType = type.startsWith(ACME) ? type.substring(ACME.length()) : type;
    return new AcmeFailure(type, describe(problem), RETRYABLE.contains(shortType), null);
  }

  /** The unpause link of a pause problem, from its detail or a {@code help} link it names. */
  static Optional<String> unpauseUrl(Problem problem) {
    Matcher link = UNPAUSE.matcher(problem.getDetail().orElse(""));
    if (link.find()) {
      return Optional.of(link.group().replaceAll("[.,;)\\]\"']+$", ""));
    }
    return problem.getInstance().map(Object::toString).filter(u -> UNPAUSE.matcher(u).matches());
  }

  static String describe(Problem problem) {
    StringBuilder text =
        new StringBuilder(problem.getDetail().orElse(problem.getType().toString()));
    for (Problem sub : problem.getSubProblems()) {
      text.append("; ")
          .append(sub.getIdentifier().map(i -> i.getDomain() + ": ").orElse(""))
          .append(sub.getDetail().orElse(sub.getType().toString()));
    }
    return text.toString();
  }
}
