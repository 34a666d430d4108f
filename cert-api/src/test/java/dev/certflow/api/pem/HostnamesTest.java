package dev.certflow.api.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostnamesTest {

  @Test
  void normalizesCaseTrailingDotAndIdn() {
    assertThat(Hostnames.normalize("WWW.Example.COM.")).isEqualTo("www.example.com");
    assertThat(Hostnames.normalize("bücher.example")).isEqualTo("xn--bcher-kva.example");
    assertThat(Hostnames.normalize("*.Shop.example.com")).isEqualTo("*.shop.example.com");
  }

  @Test
  void refusesMalformedNames() {
    for (String bad :
        List.of(
            "",
            "a..b",
            "-a.com",
            "a-.com",
            "a b.com",
            "*.com",
            "a.*.com",
            "x*.a.com",
            "a".repeat(64) + ".com")) {
      assertThatThrownBy(() -> Hostnames.normalize(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void wildcardCoversExactlyOneLevel() {
    List<String> sans = List.of("*.w.example.test", "example.test");

    assertThat(Hostnames.covered("x.w.example.test", sans)).isTrue();
    assertThat(Hostnames.covered("*.w.example.test", sans)).isTrue();
    assertThat(Hostnames.covered("example.test", sans)).isTrue();
    assertThat(Hostnames.covered("a.b.w.example.test", sans)).isFalse();
    assertThat(Hostnames.covered("w.example.test", sans)).isFalse();
    assertThat(Hostnames.covered("*.example.test", sans)).isFalse();
  }
}
