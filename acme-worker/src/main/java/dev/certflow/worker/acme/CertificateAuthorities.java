package dev.certflow.worker.acme;

import dev.certflow.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Resolves the {@code acme} value of an order to a CA: a configured name or a directory URL. */
@ApplicationScoped
public class CertificateAuthorities {

  /** Let's Encrypt, built in. */
  static final Map<String, String> BUILT_IN =
      Map.of(
          "lets_encrypt", "https://acme-v02.api.letsencrypt.org/directory",
          "lets_encrypt_staging", "https://acme-staging-v02.api.letsencrypt.org/directory");

  private final WorkerConfig config;
  private final Map<String, CaSettings> resolved = new ConcurrentHashMap<>();

  CertificateAuthorities(WorkerConfig config) {
    this.config = config;
  }

  /**
   * The CA an order names.
   *
   * @throws IllegalArgumentException when the name is unknown
   */
  public CaSettings resolve(String ca) {
    return resolved.computeIfAbsent(ca, this::load);
  }

  private CaSettings load(String ca) {
    WorkerConfig.CaConfig configured = config.cas().get(ca);
    if (configured != null) {
      return new CaSettings(
          ca,
          URI.create(configured.directory()),
          configured.trust().map(CertificateAuthorities::trusting),
          configured.eabKid(),
          configured.eabHmacKey());
    }
    if (BUILT_IN.containsKey(ca)) {
      return new CaSettings(
          ca, URI.create(BUILT_IN.get(ca)), Optional.empty(), Optional.empty(), Optional.empty());
    }
    if (ca.startsWith("https://")) {
      return new CaSettings(
          ca, URI.create(ca), Optional.empty(), Optional.empty(), Optional.empty());
    }
    throw new IllegalArgumentException(
        "unknown CA '" + ca + "': configure certflow.cas." + ca + ".directory on the workers");
  }

  /** A TLS context trusting exactly the certificates in a PEM file. */
  static SSLContext trusting(String pemFile) {
    try (InputStream in = Files.newInputStream(Path.of(pemFile))) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot read the CA trust file " + pemFile + ": " + e.getMessage(), e);
    }
  }
}
