package dev.certflow.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SniTableTest {

  private static ServedCertificate cert(
      String name, boolean isDefault, boolean isCa, Instant notBefore, String... domains) {
    return new ServedCertificate(
        name,
        1,
        List.of(domains),
        isDefault,
        isCa,
        "01",
        notBefore,
        notBefore.plusSeconds(86400),
        List.of(),
        null,
        "",
        name + "#1");
  }

  private final Instant t0 = Instant.parse("2026-11-01T00:00:00Z");

  @Test
  void lookupOrderIsExactWildcardCaDefault() {
    ServedCertificate exact = cert("exact", false, false, t0, "a.example.test");
    ServedCertificate wild = cert("wild", false, false, t0, "*.example.test");
    ServedCertificate ca = cert("ca", false, true, t0, "*.example.test", "*.internal.test");
    ServedCertificate fallback = cert("fallback", true, false, t0, "fallback.test");
    SniTable table = SniTable.of(List.of(exact, wild, ca, fallback), SniTable.empty());

    assertThat(table.select("A.example.test.").certificate()).isEqualTo(exact);
    assertThat(table.select("b.example.test").certificate()).isEqualTo(wild);
    assertThat(table.select("x.internal.test")).isEqualTo(new SniTable.Match(ca, true));
    assertThat(table.select("a.x.internal.test").certificate()).isEqualTo(fallback);
    assertThat(table.select(null).certificate()).isEqualTo(fallback);
  }

  @Test
  void newestNotBeforeWinsThenNameDecides() {
    ServedCertificate old = cert("old", true, false, t0, "d.test");
    ServedCertificate young = cert("young", true, false, t0.plusSeconds(60), "d.test");
    ServedCertificate twinA = cert("twin-a", false, false, t0, "t.test");
    ServedCertificate twinB = cert("twin-b", false, false, t0, "t.test");

    for (List<ServedCertificate> order :
        List.of(List.of(old, young, twinA, twinB), List.of(twinB, twinA, young, old))) {
      SniTable table = SniTable.of(order, SniTable.empty());
      assertThat(table.select("d.test").certificate()).isEqualTo(young);
      assertThat(table.select(null).certificate()).isEqualTo(young);
      assertThat(table.select("t.test").certificate()).isEqualTo(twinA);
    }
  }

  @Test
  void noDefaultMeansNoMatchAndRetiredAliasesStayResolvable() {
    ServedCertificate v1 = cert("a", false, false, t0, "a.test");
    SniTable first = SniTable.of(List.of(v1), SniTable.empty());
    assertThat(first.select("other.test")).isNull();
    assertThat(first.select(null)).isNull();

    ServedCertificate v2 =
        new ServedCertificate(
            "a", 2, List.of("a.test"), false, false, "02", t0, t0, List.of(), null, "", "a#2");
    SniTable second = SniTable.of(List.of(v2), first);
    assertThat(second.byAlias("a#1")).isEqualTo(v1);
    assertThat(SniTable.of(List.of(v2), second).byAlias("a#1")).isNull();
  }
}
