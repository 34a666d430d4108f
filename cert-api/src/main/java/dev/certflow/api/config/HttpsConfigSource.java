package dev.certflow.api.config;

import io.smallrye.config.common.MapBackedConfigSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * cert-api over HTTPS when it is given a certificate: {@code CERTFLOW_TLS_CERT} (PEM, leaf first,
 * then its chain) and {@code CERTFLOW_TLS_KEY} (PEM). It then serves HTTPS only, on the same port
 * plain HTTP would use (tokens and exported keys never cross the wire in clear), with TLS 1.2/1.3
 * and AEAD suites, HSTS, and the files read again every hour so that a renewed certificate written
 * over them is served without a restart.
 *
 * <p>A config source rather than lines in application.properties, because plain HTTP must be turned
 * off only when a certificate is given. Below application.properties (ordinal 150).
 */
public final class HttpsConfigSource extends MapBackedConfigSource {

  static final String SUITES =
      "TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384,TLS_CHACHA20_POLY1305_SHA256,"
          + "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
          + "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,"
          + "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,"
          + "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256";

  /** Reads the process's environment (how Quarkus loads this source). */
  public HttpsConfigSource() {
    this(System.getenv());
  }

  HttpsConfigSource(Map<String, String> env) {
    super("certflow HTTPS (CERTFLOW_TLS_CERT, CERTFLOW_TLS_KEY)", serverProperties(env), 150);
  }

  /** What is wrong with the settings: one file without the other. */
  static Optional<String> problem(Map<String, String> env) {
    boolean cert = value(env, "CERTFLOW_TLS_CERT") != null;
    boolean key = value(env, "CERTFLOW_TLS_KEY") != null;
    if (cert == key) {
      return Optional.empty();
    }
    return Optional.of(
        (cert ? "CERTFLOW_TLS_CERT" : "CERTFLOW_TLS_KEY")
            + " is set but "
            + (cert ? "CERTFLOW_TLS_KEY" : "CERTFLOW_TLS_CERT")
            + " is not: give both files for HTTPS, or neither for plain HTTP");
  }

  static Map<String, String> serverProperties(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    String cert = value(env, "CERTFLOW_TLS_CERT");
    String key = value(env, "CERTFLOW_TLS_KEY");
    if (cert == null || key == null) {
      return out;
    }
    out.put("quarkus.http.ssl.certificate.files", cert);
    out.put("quarkus.http.ssl.certificate.key-files", key);
    out.put("quarkus.http.ssl.certificate.reload-period", "1h");
    out.put("quarkus.http.ssl.protocols", "TLSv1.3,TLSv1.2");
    out.put("quarkus.http.ssl.cipher-suites", SUITES);
    out.put("quarkus.http.ssl-port", "${quarkus.http.port}");
    out.put("quarkus.http.insecure-requests", "disabled");
    out.put("quarkus.http.header.\"Strict-Transport-Security\".value", "max-age=31536000");
    return out;
  }

  private static String value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }
}
