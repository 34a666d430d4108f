package dev.certflow.dns.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceUrlTest {

  private final Map<String, String> env =
      Map.of("WHOLE", "rfc2136://10.0.0.1:53?tsig_name=k&tsig_secret=s3cr3t", "SECRET", "from-env");

  @Test
  void resolvesEnvironmentReferencesWholeOrPerParameter() {
    ServiceUrl whole = ServiceUrl.parse("$ENV:WHOLE", env::get);
    assertThat(whole.uri().getHost()).isEqualTo("10.0.0.1");
    assertThat(whole.parameters()).containsEntry("tsig_secret", "s3cr3t");

    ServiceUrl part =
        ServiceUrl.parse("rfc2136://127.0.0.1?tsig_name=k&tsig_secret=$ENV:SECRET", env::get);
    assertThat(part.parameters()).containsEntry("tsig_secret", "from-env");
  }

  @Test
  void keepsPlusSignsOfBase64Secrets() {
    assertThat(ServiceUrl.parse("rfc2136://h?tsig_secret=ab+c/d==", env::get).parameters())
        .containsEntry("tsig_secret", "ab+c/d==");
  }

  @Test
  void missingVariableIsNamedWithoutSecrets() {
    assertThatThrownBy(() -> ServiceUrl.parse("$ENV:NOPE", env::get))
        .hasMessageContaining("$ENV:NOPE is not provided to dns-gateway");
    assertThatThrownBy(() -> ServiceUrl.parse("x://h?a=$ENV:ALSO_NOPE", env::get))
        .hasMessageContaining("ALSO_NOPE");
  }
}
