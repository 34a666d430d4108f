package dev.certflow.notifier.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** notifier settings; each maps to an environment variable such as {@code CERTFLOW_NOTIFY_KEY}. */
@ConfigMapping(prefix = "certflow")
public interface NotifierConfig {

  /** Base64 AES-256 key shared with cert-api; opens channel URLs and secrets. */
  String notifyKey();

  /**
   * cert-api's record-signing public key (base64 X.509 Ed25519; {@code NEW,OLD} while it is rolled
   * over). With it, an alert or channel cert-api did not sign is refused and counted, and a channel
   * record older than one already read is refused as a replay.
   */
  Optional<String> signingPublicKey();

  /** Prefix of every Kafka topic. */
  @WithDefault("certflow.")
  String topicPrefix();

  /** Deliveries in flight at once. */
  @WithDefault("16")
  int notifyConcurrency();

  /** Waits between attempts, one retry topic each; the last repeats until the alert is too old. */
  @WithDefault("1m,10m,1h,6h")
  List<Duration> notifyRetryDelays();

  /** How long after the alert attempts go on. */
  @WithDefault("24h")
  Duration notifyMaxAge();

  /** Whether channels may point at loopback addresses (bin/certflow up allows it). */
  @WithDefault("false")
  boolean notifyAllowLoopback();

  /** Whether channels may point at private, link-local or unique-local addresses. */
  @WithDefault("false")
  boolean notifyAllowPrivate();

  /** The host name put into generic webhook messages; default: this machine's. */
  Optional<String> notifyHostname();
}
