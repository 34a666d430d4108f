package dev.certflow.agent.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certflow.agent.store.ServedCertificate;
import dev.certflow.testing.TestPki;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;

class LeafMinterTest {

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };

  private static ServedCertificate ca(TestPki.Issued issued) {
    return new ServedCertificate(
        "ca",
        1,
        List.of("*.m.test"),
        false,
        true,
        issued.serialHex(),
        issued.certificate().getNotBefore().toInstant(),
        issued.certificate().getNotAfter().toInstant(),
        List.of(issued.certificate()),
        issued.keyPair().getPrivate(),
        "",
        "ca#1");
  }

  @Test
  void cachesUntilShortlyBeforeExpiryThenMintsAnew() {
    ServedCertificate ca = ca(TestPki.rootCa("minter"));
    LeafMinter minter = new LeafMinter(10, Duration.ofHours(1), clock, 100);

    ServedCertificate first = minter.leafFor(ca, "a.m.test");
    assertThat(minter.leafFor(ca, "a.m.test")).isSameAs(first);
    assertThat(first.notAfter()).isEqualTo(now.get().plus(Duration.ofHours(1)));

    now.set(now.get().plus(Duration.ofMinutes(56)));
    ServedCertificate second = minter.leafFor(ca, "a.m.test");
    assertThat(second.serial()).isNotEqualTo(first.serial());
    assertThat(minter.byAlias(first.alias())).isSameAs(second);

    now.set(now.get().plus(Duration.ofHours(2)));
    assertThat(minter.byAlias(second.alias())).as("never served past not_after").isNull();
  }

  @Test
  void neverOutlivesItsCaAndIsBounded() {
    TestPki.Issued root = TestPki.rootCa("short root");
    TestPki.Issued shortCa =
        TestPki.leaf(
            root,
            TestPki.ecKey(),
            Instant.now().minusSeconds(60),
            Instant.now().plus(Duration.ofHours(2)));
    ServedCertificate ca = ca(shortCa);
    LeafMinter minter = new LeafMinter(3, Duration.ofDays(7), clock, 100);

    assertThat(minter.leafFor(ca, "x.m.test").notAfter()).isEqualTo(ca.notAfter());
    for (int i = 0; i < 10; i++) {
      minter.leafFor(ca, "h" + i + ".m.test");
    }
    assertThat(minter.size()).isEqualTo(3);

    now.set(ca.notAfter().minusSeconds(60));
    assertThat(minter.leafFor(ca, "late.m.test")).as("CA about to expire").isNull();
  }

  @Test
  void mintsAtMostTheRateOfNewNamesAndServesCachedOnesMeanwhile() {
    ServedCertificate ca = ca(TestPki.rootCa("rate"));
    LeafMinter minter = new LeafMinter(100, Duration.ofHours(1), clock, 3);

    ServedCertificate kept = minter.leafFor(ca, "kept.m.test");
    assertThat(minter.leafFor(ca, "r1.m.test")).isNotNull();
    assertThat(minter.leafFor(ca, "r2.m.test")).isNotNull();
    assertThat(minter.leafFor(ca, "r3.m.test")).as("the rate is spent").isNull();
    assertThat(minter.leafFor(ca, "kept.m.test")).as("cached names still served").isSameAs(kept);

    now.set(now.get().plusSeconds(1));
    assertThat(minter.leafFor(ca, "r3.m.test")).isNotNull();
  }

  @Test
  void aNameIsEscapedInTheSubjectNotParsed() throws Exception {
    ServedCertificate ca = ca(TestPki.rootCa("escape"));
    LeafMinter minter = new LeafMinter(10, Duration.ofHours(1), clock, 100);

    ServedCertificate leaf = minter.leafFor(ca, "x.m.test,O=Evil");

    X500Name subject =
        X500Name.getInstance(leaf.chain().get(0).getSubjectX500Principal().getEncoded());
    assertThat(subject.getRDNs()).hasSize(1);
    assertThat(subject.getRDNs(BCStyle.O)).isEmpty();
    assertThat(subject.getRDNs(BCStyle.CN)[0].getFirst().getValue().toString())
        .isEqualTo("x.m.test,O=Evil");
  }
}
