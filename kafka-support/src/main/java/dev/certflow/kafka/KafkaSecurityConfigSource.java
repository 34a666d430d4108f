package dev.certflow.kafka;

import io.smallrye.config.common.MapBackedConfigSource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one documented set of Kafka security settings, the same for every service, turned into the
 * {@code kafka.*} client properties that the messaging channels and every plain client start from
 * (see {@link KafkaProps#base}):
 *
 * <ul>
 *   <li>{@code CERTFLOW_KAFKA_USERNAME} and {@code CERTFLOW_KAFKA_PASSWORD}: the service's SASL
 *       principal (SCRAM unless {@code CERTFLOW_KAFKA_SASL_MECHANISM} says otherwise);
 *   <li>{@code CERTFLOW_KAFKA_TRUSTSTORE}: a PEM file of the CA certificates the broker's TLS
 *       certificate is checked against (without it, the JVM's own trust store);
 *   <li>{@code CERTFLOW_KAFKA_SECURITY_PROTOCOL}: {@code SASL_SSL} when a username is given,
 *       otherwise {@code PLAINTEXT}; {@code SSL} and {@code SASL_PLAINTEXT} may be named.
 * </ul>
 *
 * A source rather than lines in each service's application.properties, because the JAAS line is
 * built from two values (and quoted), and the trust store type must be set only with a file. Below
 * application.properties (ordinal 150), so an explicit {@code kafka.*} property still wins.
 */
public final class KafkaSecurityConfigSource extends MapBackedConfigSource {

  /** Reads the process's environment (how Quarkus loads this source). */
  public KafkaSecurityConfigSource() {
    this(System.getenv());
  }

  KafkaSecurityConfigSource(Map<String, String> env) {
    super("certflow Kafka security (CERTFLOW_KAFKA_*)", clientProperties(env), 150);
  }

  /** The {@code kafka.*} properties these settings stand for. */
  static Map<String, String> clientProperties(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    String username = value(env, "CERTFLOW_KAFKA_USERNAME");
    String password = value(env, "CERTFLOW_KAFKA_PASSWORD");
    String protocol = value(env, "CERTFLOW_KAFKA_SECURITY_PROTOCOL");
    if (protocol == null) {
      protocol = username == null ? "PLAINTEXT" : "SASL_SSL";
    }
    // An unknown protocol is passed on: the client refuses it at start with its own message.
    protocol = protocol.toUpperCase(Locale.ROOT);
    out.put("kafka.security.protocol", protocol);
    if (protocol.startsWith("SASL_") && username != null) {
      String mechanism = value(env, "CERTFLOW_KAFKA_SASL_MECHANISM");
      mechanism = mechanism == null ? "SCRAM-SHA-512" : mechanism.toUpperCase(Locale.ROOT);
      String module =
          mechanism.equals("PLAIN")
              ? "org.apache.kafka.common.security.plain.PlainLoginModule"
              : "org.apache.kafka.common.security.scram.ScramLoginModule";
      out.put("kafka.sasl.mechanism", mechanism);
      out.put(
          "kafka.sasl.jaas.config",
          module
              + " required username=\""
              + quoted(username)
              + "\" password=\""
              + quoted(password == null ? "" : password)
              + "\";");
    }
    String truststore = value(env, "CERTFLOW_KAFKA_TRUSTSTORE");
    if (protocol.endsWith("SSL") && truststore != null) {
      out.put("kafka.ssl.truststore.type", "PEM");
      out.put("kafka.ssl.truststore.location", truststore);
    }
    return out;
  }

  private static String value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** Escapes for a double-quoted JAAS option value. */
  private static String quoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
