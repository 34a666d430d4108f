package dev.certflow.api.service.order;

import dev.certflow.api.pem.CertificateFacts;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What cert-api checks of a chain a worker sends back before it becomes a version, beyond the key
 * (see OrderService): the result travels through Kafka, so a forged one must not be served. The
 * leaf names exactly the order's domains, its dates are sane, and each certificate of the chain is
 * signed by the next, which is a CA.
 */
final class IssuedChainCheck {

  /** Clocks of CA and cert-api may differ by this much. */
  static final Duration SKEW = Duration.ofMinutes(10);

  private IssuedChainCheck() {}

  /**
   * @throws IllegalArgumentException saying what is wrong, for the order's error
   */
  static void check(List<X509Certificate> chain, List<String> domains, Instant now) {
    CertificateFacts facts = CertificateFacts.of(chain);
    Set<String> ordered = lower(domains);
    Set<String> named = lower(facts.sans());
    if (!named.equals(ordered)) {
      throw new IllegalArgumentException(
          "it names " + named + " where the order asked for " + ordered);
    }
    if (facts.notBefore().isAfter(now.plus(SKEW)) || !facts.notAfter().isAfter(now)) {
      throw new IllegalArgumentException(
          "it is not valid now (" + facts.notBefore() + " to " + facts.notAfter() + ")");
    }
    if (chain.size() < 2) {
      throw new IllegalArgumentException("it comes without its issuer");
    }
    // The order of the chain and each signature in it are checked as it is read
    // (CertificateChainReader); here, that each issuer may issue at all.
    for (int i = 1; i < chain.size(); i++) {
      if (chain.get(i).getBasicConstraints() < 0) {
        throw new IllegalArgumentException("certificate " + (i + 1) + " of the chain is no CA");
      }
    }
  }

  private static Set<String> lower(List<String> names) {
    Set<String> set = new TreeSet<>();
    names.forEach(n -> set.add(n.toLowerCase(Locale.ROOT)));
    return set;
  }
}
