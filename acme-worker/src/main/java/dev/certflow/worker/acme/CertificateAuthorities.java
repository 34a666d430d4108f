package dev.certflow.worker.acme;

import dev.certflow.events.KnownCas;
import dev.certflow.security.PemTrust;
import dev.certflow.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Resolves the {@code acme} value of an order to a CA: a configured name or a directory URL. */
@ApplicationScoped
public class CertificateAuthorities {

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
          configured.trust().map(PemTrust::context),
          configured.eabKid(),
          configured.eabHmacKey());
    }
    if (KnownCas.DIRECTORIES.containsKey(ca)) {
      return new CaSettings(
          ca,
          URI.create(KnownCas.DIRECTORIES.get(ca)),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }
    if (ca.startsWith("https://")) {
      return new CaSettings(
          ca, URI.create(ca), Optional.empty(), Optional.empty(), Optional.empty());
    }
    throw new IllegalArgumentException(
        "unknown CA '" + ca + "': configure certflow.cas." + ca + ".directory on the workers");
  }
}
