package dev.certflow.api.service.keys;

import dev.certflow.api.config.CertflowConfig;
import dev.certflow.security.KeySealer;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The two AES-256-GCM keys: the master key seals secrets at rest, the agent key seals private keys
 * on their way to the proxy agents. Start-up fails, saying which is missing, without them.
 */
@Startup
@Singleton
public class Sealers {

  private final KeySealer master;
  private final KeySealer agent;
  private final KeySealer dns;
  private final KeySealer notify;

  Sealers(CertflowConfig config) {
    this.master = load("CERTFLOW_MASTER_KEY", config.masterKey());
    this.agent = load("CERTFLOW_AGENT_KEY", config.agentKey());
    this.dns =
        config.dnsKey().filter(k -> !k.isBlank()).isPresent()
            ? load("CERTFLOW_DNS_KEY", config.dnsKey())
            : null;
    this.notify =
        config.notifyKey().filter(k -> !k.isBlank()).isPresent()
            ? load("CERTFLOW_NOTIFY_KEY", config.notifyKey())
            : null;
  }

  private static KeySealer load(String variable, Optional<String> value) {
    if (value.isEmpty() || value.get().isBlank()) {
      throw new IllegalStateException(
          variable
              + " is not set: give a base64 256-bit key, for example from"
              + " 'openssl rand -base64 32' (bin/certflow up generates one)");
    }
    try {
      return KeySealer.fromBase64(value.get());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(variable + " is unusable: " + e.getMessage());
    }
  }

  public KeySealer master() {
    return master;
  }

  public KeySealer agent() {
    return agent;
  }

  /** The key shared with the notifier; empty when no notifier is set up. */
  public Optional<KeySealer> notifier() {
    return Optional.ofNullable(notify);
  }

  /** The key shared with dns-gateway; empty when DNS-01 is not set up. */
  public Optional<KeySealer> dns() {
    return Optional.ofNullable(dns);
  }
}
