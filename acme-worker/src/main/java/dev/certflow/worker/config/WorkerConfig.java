package dev.certflow.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * acme-worker settings; each maps to an environment variable such as {@code
 * CERTFLOW_CAS_LOCAL_DIRECTORY}.
 */
@ConfigMapping(prefix = "certflow")
public interface WorkerConfig {

  /** Prefix of every Kafka topic name. */
  @WithDefault("certflow.")
  String topicPrefix();

  /**
   * The ACME account key (PEM, PKCS#8 or SEC1 EC). Every worker uses the same key, so every worker
   * uses the same account at each CA. Required.
   */
  Optional<String> acmeAccountKey();

  /**
   * cert-api's record-signing public key (base64 X.509 Ed25519; {@code NEW,OLD} while it is rolled
   * over). With it, an order cert-api did not sign is refused and counted.
   */
  Optional<String> signingPublicKey();

  /** Contact e-mail for new ACME accounts. */
  Optional<String> acmeContact();

  /** CAs by name, beyond the built-in {@code lets_encrypt} and {@code lets_encrypt_staging}. */
  Map<String, CaConfig> cas();

  /**
   * Orders worked on at once by this worker. Orders mostly wait (on the CA, on agents, on DNS
   * propagation), so this is well above the core count.
   */
  @WithDefault("8")
  int concurrency();

  /** Longest wait for any one ACME step (a challenge, finalizing). */
  @WithDefault("90s")
  Duration stepTimeout();

  /** Longest wait for the proxy agents to serve an HTTP-01 token. */
  @WithDefault("15s")
  Duration challengeWait();

  /** Agents that have not reported for this long are not waited for. */
  @WithDefault("90s")
  Duration agentFreshness();

  /**
   * Base64 DER PKCS#8 Ed25519 key the HTTP-01 tokens are signed with; agents verify with the public
   * half ({@code CERTFLOW_CHALLENGE_SIGNING_PUBLIC_KEY}). Every worker has the same.
   */
  Optional<String> challengeSigningKey();

  /** Base URL of dns-gateway, for DNS-01. */
  @WithDefault("http://127.0.0.1:8081")
  String dnsGatewayUrl();

  /** Bearer token for dns-gateway, when it requires one. */
  Optional<String> dnsGatewayToken();

  /** Longest wait for a TXT record to be answered by every authoritative server. */
  @WithDefault("120s")
  Duration dnsPropagationTimeout();

  /**
   * A TXT record still listed as owed this long after it was created is left over (its worker or
   * gateway died) and removed by the sweep. Longer than any order keeps its record: propagation
   * plus two steps.
   */
  @WithDefault("10m")
  Duration dnsCleanupAfter();

  /** How often each worker sweeps the TXT records left over; also the first back-off. */
  @WithDefault("30s")
  Duration dnsSweep();

  /** One ACME CA. */
  interface CaConfig {

    /** The ACME directory URL. */
    String directory();

    /** PEM file of CA certificates to trust for the ACME server's own TLS (private CAs). */
    Optional<String> trust();

    /** External Account Binding key id. */
    Optional<String> eabKid();

    /** External Account Binding HMAC key (base64url). */
    Optional<String> eabHmacKey();
  }
}
