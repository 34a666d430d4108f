package dev.certflow.agent.tls;

import static dev.certflow.agent.testing.BundleSender.bundle;
import static dev.certflow.agent.testing.BundleSender.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.certflow.agent.testing.AgentInfraResource;
import dev.certflow.agent.testing.BundleSender;
import dev.certflow.events.CertificateBundle;
import dev.certflow.testing.TestPki;
import dev.certflow.testing.TlsProbe;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real TLS handshakes against the agent's listener, with and without SNI. */
@QuarkusTest
@WithTestResource(value = AgentInfraResource.class, scope = TestResourceScope.GLOBAL)
class SniServingTest {

  private static final TestPki.Issued CA = TestPki.rootCa("agent test ca");

  private static String served(String serverName) {
    return TlsProbe.serial("127.0.0.1", AgentInfraResource.TLS_PORT, serverName);
  }

  private static void awaitServed(String serverName, String serial) {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> serial == null ? served(serverName) == null : serial.equals(served(serverName)));
  }

  @Test
  void exactNamesCaseInsensitiveAndOneLevelWildcards() {
    TestPki.Issued exact = TestPki.leaf(CA, 30, "shop.sni.test");
    TestPki.Issued wildcard = TestPki.leaf(CA, 30, "*.w.sni.test");
    send(
        bundle("shop", 1, exact, false, false, List.of("shop.sni.test")),
        bundle("wild", 1, wildcard, false, false, List.of("*.w.sni.test")));

    awaitServed("shop.sni.test", exact.serialHex());
    assertThat(served("SHOP.Sni.Test")).isEqualTo(exact.serialHex());
    assertThat(served("x.w.sni.test")).isEqualTo(wildcard.serialHex());
    assertThat(served("a.b.w.sni.test")).isNotEqualTo(wildcard.serialHex());
    assertThat(served("w.sni.test")).isNotEqualTo(wildcard.serialHex());
  }

  @Test
  void replacementIsServedAndNewestNotBeforeWinsAName() {
    TestPki.Issued first = TestPki.leaf(CA, 30, "swap.sni.test");
    send(bundle("swap", 1, first, false, false, List.of("swap.sni.test")));
    awaitServed("swap.sni.test", first.serialHex());

    TestPki.Issued second = TestPki.leaf(CA, 60, "swap.sni.test");
    send(bundle("swap", 2, second, false, false, List.of("swap.sni.test")));
    awaitServed("swap.sni.test", second.serialHex());

    TestPki.Issued older =
        TestPki.leaf(
            CA,
            TestPki.ecKey(),
            Instant.now().minus(Duration.ofDays(10)),
            Instant.now().plus(Duration.ofDays(20)),
            "dup.sni.test");
    TestPki.Issued newer =
        TestPki.leaf(
            CA,
            TestPki.ecKey(),
            Instant.now().minus(Duration.ofDays(2)),
            Instant.now().plus(Duration.ofDays(20)),
            "dup.sni.test");
    send(
        bundle("dup-newer", 1, newer, false, false, List.of("dup.sni.test")),
        bundle("dup-older", 1, older, false, false, List.of("dup.sni.test")));
    awaitServed("dup.sni.test", newer.serialHex());
  }

  @Test
  void defaultCertificateForNoSniAndNoMatchAndFailureWithoutOne() throws Exception {
    TestPki.Issued fallback = TestPki.leaf(CA, 30, "fallback.sni.test");
    send(bundle("fallback", 1, fallback, true, false, List.of("fallback.sni.test")));

    awaitServed(null, fallback.serialHex());
    assertThat(served("nothing-matches.example")).isEqualTo(fallback.serialHex());

    BundleSender.delete("fallback");
    awaitServed(null, null);
    assertThat(served("nothing-matches.example")).isNull();
  }

  @Test
  void caCertificateMintsLeavesForItsNames() throws Exception {
    TestPki.Issued ca = TestPki.intermediateCa(CA, "agent minting ca");
    send(bundle("minter", 1, ca, false, true, List.of("*.mint.sni.test", "exact-mint.sni.test")));

    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                served("h1.mint.sni.test") != null
                    && !ca.serialHex().equals(served("h1.mint.sni.test")));
    X509Certificate[] chain =
        TlsProbe.handshake("127.0.0.1", AgentInfraResource.TLS_PORT, "h1.mint.sni.test");
    assertThat(chain[0].getSubjectX500Principal().getName()).isEqualTo("CN=h1.mint.sni.test");
    assertThat(chain[0].getSubjectAlternativeNames())
        .containsExactly(List.of(2, "h1.mint.sni.test"));
    chain[0].verify(ca.certificate().getPublicKey());
    assertThat(chain[1]).isEqualTo(ca.certificate());
    assertThat(chain[0].getNotAfter()).isBeforeOrEqualTo(ca.certificate().getNotAfter());
    assertThat(served("h1.mint.sni.test")).isEqualTo(chain[0].getSerialNumber().toString(16));

    X509Certificate exact =
        TlsProbe.handshake("127.0.0.1", AgentInfraResource.TLS_PORT, "exact-mint.sni.test")[0];
    assertThat(exact.getSubjectX500Principal().getName()).isEqualTo("CN=exact-mint.sni.test");
    // Deeper names than the CA's exact name are not minted (SniTableTest covers the fallback).
    assertThat(served("www.exact-mint.sni.test"))
        .isNotEqualTo(exact.getSerialNumber().toString(16));
  }

  @Test
  void malformedRecordsAreSkippedAndLaterOnesServed() {
    BundleSender.sendRaw("broken", "{not json");
    TestPki.Issued wrongKey = TestPki.leaf(CA, 30, "badkey.sni.test");
    var bad = bundle("badkey", 1, wrongKey, false, false, List.of("badkey.sni.test"));
    send(
        new CertificateBundle(
            bad.name(),
            1,
            bad.domains(),
            false,
            false,
            bad.fullchain(),
            "AQID" + bad.sealedKey(),
            bad.serial(),
            bad.notBefore(),
            bad.notAfter()));
    TestPki.Issued good = TestPki.leaf(CA, 30, "after-bad.sni.test");
    send(bundle("after-bad", 1, good, false, false, List.of("after-bad.sni.test")));

    awaitServed("after-bad.sni.test", good.serialHex());
    assertThat(served("badkey.sni.test")).isNotEqualTo(wrongKey.serialHex());
  }
}
