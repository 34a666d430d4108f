package dev.certflow.events;

import java.util.Map;

/** ACME CAs known by name without configuration, with their directory URLs. */
public final class KnownCas {

  public static final Map<String, String> DIRECTORIES =
      Map.of(
          "lets_encrypt", "https://acme-v02.api.letsencrypt.org/directory",
          "lets_encrypt_staging", "https://acme-staging-v02.api.letsencrypt.org/directory");

  private KnownCas() {}
}
