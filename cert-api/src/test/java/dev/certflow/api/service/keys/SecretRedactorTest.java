package dev.certflow.api.service.keys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretRedactorTest {

  @Test
  void hidesCredentialParametersAndUserInfo() {
    assertThat(
            SecretRedactor.redactUrl(
                "rfc2136://127.0.0.1:5353?tsig_name=acme&tsig_secret=c2VjcmV0&tsig_algorithm=hmac-sha256"))
        .isEqualTo(
            "rfc2136://127.0.0.1:5353?tsig_name=acme&tsig_secret=***&tsig_algorithm=hmac-sha256");
    assertThat(SecretRedactor.redactUrl("https://api.cloudflare.com?token=abc123"))
        .isEqualTo("https://api.cloudflare.com?token=***");
    assertThat(
            SecretRedactor.redactUrl(
                "https://user:pw@dns.example/x?access_key_id=AK&access_key_secret=SK"))
        .isEqualTo("https://***@dns.example/x?access_key_id=***&access_key_secret=***");
  }

  @Test
  void keepsEnvironmentReferences() {
    assertThat(SecretRedactor.redactUrl("$ENV:CF_URL")).isEqualTo("$ENV:CF_URL");
    assertThat(SecretRedactor.redactUrl("https://api.cloudflare.com?token=$ENV:CF_TOKEN"))
        .isEqualTo("https://api.cloudflare.com?token=$ENV:CF_TOKEN");
  }
}
