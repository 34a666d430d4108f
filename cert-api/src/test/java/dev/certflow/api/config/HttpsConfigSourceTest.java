package dev.certflow.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpsConfigSourceTest {

  @Test
  void withoutACertificateNothingChanges() {
    assertThat(HttpsConfigSource.serverProperties(Map.of())).isEmpty();
    assertThat(HttpsConfigSource.problem(Map.of())).isEmpty();
  }

  @Test
  void withACertificateItServesHttpsOnlyOnTheSamePort() {
    Map<String, String> env =
        Map.of("CERTFLOW_TLS_CERT", "/tls/fullchain.pem", "CERTFLOW_TLS_KEY", "/tls/privkey.pem");
    assertThat(HttpsConfigSource.problem(env)).isEmpty();
    assertThat(HttpsConfigSource.serverProperties(env))
        .containsEntry("quarkus.http.ssl.certificate.files", "/tls/fullchain.pem")
        .containsEntry("quarkus.http.ssl.certificate.key-files", "/tls/privkey.pem")
        .containsEntry("quarkus.http.ssl-port", "${quarkus.http.port}")
        .containsEntry("quarkus.http.insecure-requests", "disabled")
        .containsEntry("quarkus.http.ssl.protocols", "TLSv1.3,TLSv1.2")
        .containsEntry("quarkus.http.ssl.certificate.reload-period", "1h")
        .containsKey("quarkus.http.header.\"Strict-Transport-Security\".value");
    assertThat(HttpsConfigSource.SUITES).doesNotContain("CBC");
  }

  @Test
  void halfASettingIsAProblemNamingBothVariables() {
    assertThat(HttpsConfigSource.problem(Map.of("CERTFLOW_TLS_CERT", "/tls/fullchain.pem")))
        .hasValue(
            "CERTFLOW_TLS_CERT is set but CERTFLOW_TLS_KEY is not: give both files for HTTPS, or"
                + " neither for plain HTTP");
    assertThat(HttpsConfigSource.serverProperties(Map.of("CERTFLOW_TLS_KEY", "/k.pem"))).isEmpty();
  }
}
