package dev.certflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certflow.events.RenewalCertId;
import dev.certflow.security.PemTrust;
import dev.certflow.testing.TestInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeNotSupportedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.shredzone.acme4j.toolbox.AcmeUtils;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * The test CA's renewal information and profiles, checked with acme4j's own client: what the system
 * tests rely on must behave as RFC 9773 and a CA offering profiles do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PebbleFrontTest {

  private Pebble pebble;
  private PebbleFront front;
  private Login login;

  @BeforeAll
  void start() throws Exception {
    // acme4j's key and CSR utilities need BouncyCastle registered.
    if (java.security.Security.getProvider("BC") == null) {
      java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
    }
    Path work = Files.createTempDirectory("pebble-front");
    pebble =
        new Pebble(
            work,
            TestInfra.freePort(),
            "127.0.0.1:" + TestInfra.freePort(),
            Map.of("PEBBLE_VA_ALWAYS_VALID", "1"));
    front = new PebbleFront(pebble);
    SSLContext trust = PemTrust.context(pebble.trust.toString());
    Session session =
        new Session(
            URI.create(front.directory()),
            new GenericAcmeProvider() {
              @Override
              public HttpClient createHttpClient(NetworkSettings settings) {
                return HttpClient.newBuilder().sslContext(trust).build();
              }
            });
    login =
        new AccountBuilder()
            .agreeToTermsOfService()
            .useKeyPair(KeyPairUtils.createKeyPair())
            .createLogin(session);
  }

  @AfterAll
  void stop() throws Exception {
    if (front != null) {
      front.close();
    }
    if (pebble != null) {
      pebble.stop();
    }
  }

  private X509Certificate issue(String domain, OrderBuilder builder) throws Exception {
    Order order = builder.domain(domain).create();
    for (Authorization authorization : order.getAuthorizations()) {
      Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
      challenge.trigger();
      challenge.waitForCompletion(Duration.ofSeconds(20));
    }
    KeyPair key = KeyPairUtils.createKeyPair();
    order.execute(key);
    assertThat(order.waitForCompletion(Duration.ofSeconds(20))).isEqualTo(Status.VALID);
    Certificate certificate = order.getCertificate();
    return certificate.getCertificate();
  }

  @Test
  void directoryOffersProfilesAndRenewalInfoThatAcme4jReads() throws Exception {
    assertThat(login.getSession().getMetadata().getProfiles())
        .containsExactlyInAnyOrderElementsOf(PebbleFront.PROFILES.keySet());

    X509Certificate leaf = issue("ari.certflow.test", login.newOrder().profile("shortlived"));
    String certId = RenewalCertId.of(leaf).orElseThrow();
    assertThat(certId).isEqualTo(AcmeUtils.getRenewalUniqueIdentifier(leaf));
    assertThat(front.issued(certId).order().profile()).isEqualTo("shortlived");

    Instant start =
        Instant.now().plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    front.window(certId, start, start.plus(Duration.ofHours(5)));
    front.retryAfter(Duration.ofSeconds(90));
    RenewalInfo info = login.bindRenewalInfo(leaf);
    Optional<Instant> recheck = info.fetch();
    assertThat(info.getSuggestedWindowStart()).isEqualTo(start);
    assertThat(info.getSuggestedWindowEnd()).isEqualTo(start.plus(Duration.ofHours(5)));
    assertThat(recheck).hasValueSatisfying(at -> assertThat(at).isAfter(Instant.now()));
    assertThat(info.renewalIsNotRequired(Instant.now())).isTrue();

    // A window already over: the CA wants it renewed now.
    front.window(certId, Instant.now().minusSeconds(7200), Instant.now().minusSeconds(3600));
    info.fetch();
    assertThat(info.renewalIsOverdue(Instant.now())).isTrue();
  }

  @Test
  void ordersMustNameAnOfferedProfileAndReplaceACertificateOnce() throws Exception {
    // acme4j refuses a profile the directory does not list before asking (the front would too).
    assertThatThrownBy(() -> login.newOrder().domain("bad.certflow.test").profile("nope").create())
        .isInstanceOf(AcmeNotSupportedException.class)
        .hasMessageContaining("nope");

    X509Certificate first = issue("replace.certflow.test", login.newOrder());
    X509Certificate second = issue("replace.certflow.test", login.newOrder().replaces(first));
    assertThat(front.issued(RenewalCertId.of(second).orElseThrow()).order().replaces())
        .isEqualTo(RenewalCertId.of(first).orElseThrow());
    assertThatThrownBy(
            () -> login.newOrder().domain("replace.certflow.test").replaces(first).create())
        .isInstanceOfSatisfying(
            AcmeServerException.class,
            e -> assertThat(e.getType().toString()).endsWith(":alreadyReplaced"));
  }
}
