package dev.certflow.agent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** proxy-agent settings; each maps to an environment variable such as {@code CERTFLOW_AGENT_ID}. */
@ConfigMapping(prefix = "certflow")
public interface AgentConfig {

  /** This node's id, unique in the fleet. */
  @WithDefault("agent-1")
  String agentId();

  /** Base64 AES-256 key that opens the private keys in certificate bundles. Required. */
  Optional<String> agentKey();

  /** Address of the TLS listener. */
  @WithDefault("127.0.0.1")
  String tlsHost();

  /** Port of the TLS listener. */
  @WithDefault("8443")
  int tlsPort();

  /** Longest a TLS handshake may take before the connection is closed. */
  @WithDefault("10s")
  Duration tlsHandshakeTimeout();

  /**
   * The TLS implementation of the listener: {@code openssl} (BoringSSL, bundled: a handshake costs
   * the server about a third of the JDK's) or {@code jdk}. With {@code openssl} on a platform
   * without the bundled library, the JDK's is used, with a warning.
   */
  @WithDefault("openssl")
  String tlsEngine();

  /** A TLS connection with no traffic this long is closed. */
  @WithDefault("300s")
  Duration tlsIdleTimeout();

  /** host:port to pass decrypted connections to; without it a status page answers. */
  Optional<String> upstream();

  /**
   * cert-api's record-signing public key (base64 X.509 Ed25519). With it, only certificate records
   * cert-api signed are served, deletions included, and none older than one already read.
   */
  Optional<String> signingPublicKey();

  /**
   * The workers' token-signing public key (base64 X.509 Ed25519; a comma-separated list while
   * rolling over). With it, only HTTP-01 tokens a worker signed are answered.
   */
  Optional<String> challengeSigningPublicKey();

  /** Folder to write each certificate's PEM files into, for an external proxy. */
  Optional<String> certDir();

  /**
   * How often certificates whose files could not be written (directory read-only or full) are tried
   * again; the node serves them from memory meanwhile.
   */
  @WithDefault("10s")
  Duration fileRetry();

  /** Shell command run after the files changed, for example {@code nginx -s reload}. */
  Optional<String> reloadCommand();

  /** Quiet time before the reload command runs, so a burst of changes reloads once. */
  @WithDefault("500ms")
  Duration reloadDebounce();

  /** How often the agent reports what it serves even when nothing changed. */
  @WithDefault("30s")
  Duration statusInterval();

  /**
   * Changes within this window make one status report. Each report lists every certificate, so
   * reporting each change of a busy node separately would cost its readers more than it tells.
   */
  @WithDefault("100ms")
  Duration statusCoalesce();

  /** Prefix of every Kafka topic name. */
  @WithDefault("certflow.")
  String topicPrefix();

  /** How many leaves minted under is_ca certificates are kept. */
  @WithDefault("1000")
  int mintCacheSize();

  /**
   * New leaves minted under is_ca certificates per second at most (a burst of as many): any client
   * picks the name, so a flood of random names must not burn the CPU or flush the cache.
   */
  @WithDefault("50")
  int mintRate();

  /** Longest validity of a minted leaf (never beyond its CA's). */
  @WithDefault("7d")
  Duration mintValidity();
}
