package dev.certflow.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** cert-api settings; each maps to an environment variable such as {@code CERTFLOW_MASTER_KEY}. */
@ConfigMapping(prefix = "certflow")
public interface CertflowConfig {

  /** Base64 AES-256 key that seals private keys at rest. Required. */
  Optional<String> masterKey();

  /** Base64 AES-256 key that seals private keys for the agents. Required. */
  Optional<String> agentKey();

  /** Bearer token with full rights. Required. */
  Optional<String> adminToken();

  /** Bearer tokens that may only read. */
  Optional<List<String>> viewerTokens();

  /**
   * Bearer token a Prometheus scrape of {@code /q/metrics} must send (the admin and viewer tokens
   * are taken too). With it, the metrics also name the certificates that need attention.
   */
  Optional<String> metricsToken();

  /**
   * Name expiring and expired certificates in the metrics without a metrics token (they tell a
   * reader of an open {@code /q/metrics} which names the fleet serves).
   */
  @WithDefault("false")
  boolean metricsNames();

  /** Base64 AES-256 key shared with dns-gateway: seals DNS service URLs inside orders. */
  Optional<String> dnsKey();

  /** Base64 AES-256 key shared with the notifier: seals channel URLs and secrets on Kafka. */
  Optional<String> notifyKey();

  /**
   * Base64 PKCS#8 Ed25519 key every published record is signed with (topic, key, sequence, whole
   * value); agents verify with the public half ({@code CERTFLOW_SIGNING_PUBLIC_KEY}).
   */
  Optional<String> signingKey();

  /** Whether channel URLs may name loopback addresses (bin/certflow up allows it). */
  @WithDefault("false")
  boolean notifyAllowLoopback();

  /** Whether channel URLs may name private or link-local addresses. */
  @WithDefault("false")
  boolean notifyAllowPrivate();

  /** CA names the ACME workers know (besides any https:// directory URL). */
  @WithDefault("lets_encrypt,lets_encrypt_staging")
  List<String> acmeCas();

  /**
   * Where cert-api reads each named CA's public documents (directory, renewal information): the
   * same {@code CERTFLOW_CAS_<NAME>_DIRECTORY} and {@code _TRUST} the workers take. Let's Encrypt
   * is known without it.
   */
  Map<String, CaDirectoryConfig> cas();

  /** How to read one CA's directory. */
  interface CaDirectoryConfig {

    /** The ACME directory URL. */
    String directory();

    /** PEM file of CA certificates to trust for the ACME server's own TLS (private CAs). */
    Optional<String> trust();
  }

  /**
   * Failed orders at one CA after which a certificate listing several CAs orders from the next (a
   * final failure moves on at once).
   */
  @WithDefault("3")
  int caFallbackAfter();

  /** Shortest wait before renewal information is fetched again, whatever the CA's Retry-After. */
  @WithDefault("1m")
  Duration renewalInfoMinInterval();

  /** Longest wait before renewal information is fetched again. */
  @WithDefault("1d")
  Duration renewalInfoMaxInterval();

  /** How often cert-api looks for certificates whose renewal information is due. */
  @WithDefault("30s")
  Duration renewalInfoCheck();

  /**
   * Named lists of CAs tried in order ({@code CERTFLOW_ACME_CHAINS_<NAME>=lets_encrypt,zerossl}):
   * {@code "acme": "<name>"} stands for the list.
   */
  Map<String, List<String>> acmeChains();

  /** The CA used when a certificate says {@code "acme": true}. */
  @WithDefault("lets_encrypt")
  String acmeDefaultCa();

  /** How often the renewal scheduler looks for due certificates. */
  @WithDefault("30s")
  Duration renewalCheck();

  /** An order without a result after this long is placed again. */
  @WithDefault("30m")
  Duration orderTimeout();

  /** Prefix of every Kafka topic name. */
  @WithDefault("certflow.")
  String topicPrefix();

  /**
   * Partitions of each topic cert-api creates. The orders topic's partitions bound how many orders
   * all workers together work on at once.
   */
  @WithDefault("12")
  int topicPartitions();

  /** Replication factor of each topic cert-api creates. */
  @WithDefault("1")
  short topicReplicationFactor();

  /** An agent that has not reported for this long is shown as silent. */
  @WithDefault("90s")
  Duration agentSilentAfter();

  /** How often every certificate and agent is checked for problems (and at once after a change). */
  @WithDefault("30s")
  Duration alertCheck();

  /** How often a problem that lasts is alerted again. */
  @WithDefault("1d")
  Duration alertReminder();

  /** A node still serving an older version this long after a new one was stored is lagging. */
  @WithDefault("5m")
  Duration agentLagAfter();

  /** Days before expiry at which an uploaded certificate without buffer_days counts as expiring. */
  @WithDefault("7")
  int defaultBufferDays();
}
