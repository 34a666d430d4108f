package dev.certflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;

class KafkaSecurityConfigSourceTest {

  @Test
  void withoutSettingsTheClientSpeaksPlaintext() {
    assertThat(KafkaSecurityConfigSource.clientProperties(Map.of()))
        .containsExactly(Map.entry("kafka.security.protocol", "PLAINTEXT"));
  }

  @Test
  void aUsernameMeansScramOverTlsCheckedAgainstTheGivenCa() {
    Map<String, String> props =
        KafkaSecurityConfigSource.clientProperties(
            Map.of(
                "CERTFLOW_KAFKA_USERNAME", "agent-1",
                "CERTFLOW_KAFKA_PASSWORD", "s3cret",
                "CERTFLOW_KAFKA_TRUSTSTORE", "/etc/certflow/kafka-ca.pem"));
    assertThat(props)
        .containsEntry("kafka.security.protocol", "SASL_SSL")
        .containsEntry("kafka.sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("kafka.ssl.truststore.type", "PEM")
        .containsEntry("kafka.ssl.truststore.location", "/etc/certflow/kafka-ca.pem");
    assertThat(options(props.get("kafka.sasl.jaas.config")))
        .containsEntry("username", "agent-1")
        .containsEntry("password", "s3cret");
  }

  @Test
  void quotesAndBackslashesInAPasswordReachTheLoginModuleUnchanged() {
    String password = "a\"b\\c d;";
    Map<String, String> props =
        KafkaSecurityConfigSource.clientProperties(
            Map.of("CERTFLOW_KAFKA_USERNAME", "n", "CERTFLOW_KAFKA_PASSWORD", password));
    assertThat(options(props.get("kafka.sasl.jaas.config"))).containsEntry("password", password);
  }

  @Test
  void anExplicitProtocolAndMechanismAreKept() {
    Map<String, String> props =
        KafkaSecurityConfigSource.clientProperties(
            Map.of(
                "CERTFLOW_KAFKA_SECURITY_PROTOCOL", "sasl_plaintext",
                "CERTFLOW_KAFKA_SASL_MECHANISM", "plain",
                "CERTFLOW_KAFKA_USERNAME", "n",
                "CERTFLOW_KAFKA_PASSWORD", "p",
                "CERTFLOW_KAFKA_TRUSTSTORE", "/ignored-without-tls.pem"));
    assertThat(props)
        .containsEntry("kafka.security.protocol", "SASL_PLAINTEXT")
        .containsEntry("kafka.sasl.mechanism", "PLAIN")
        .doesNotContainKey("kafka.ssl.truststore.location");
    assertThat(props.get("kafka.sasl.jaas.config"))
        .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required");
  }

  @Test
  void tlsWithoutSaslTakesTheTrustStoreAndNoLogin() {
    Map<String, String> props =
        KafkaSecurityConfigSource.clientProperties(
            Map.of(
                "CERTFLOW_KAFKA_SECURITY_PROTOCOL", "SSL",
                "CERTFLOW_KAFKA_TRUSTSTORE", "/ca.pem"));
    assertThat(props)
        .containsEntry("kafka.ssl.truststore.location", "/ca.pem")
        .doesNotContainKey("kafka.sasl.jaas.config");
  }

  /** The options as Kafka's own JAAS parser reads them. */
  private static Map<String, Object> options(String jaas) {
    JaasContext context =
        JaasContext.loadClientContext(Map.of("sasl.jaas.config", new Password(jaas)));
    AppConfigurationEntry entry = context.configurationEntries().get(0);
    return Map.copyOf(entry.getOptions());
  }
}
