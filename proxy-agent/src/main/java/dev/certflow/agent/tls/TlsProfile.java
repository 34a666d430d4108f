package dev.certflow.agent.tls;

import io.vertx.core.net.TCPSSLOptions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The agent's TLS as Mozilla's "intermediate" profile has it: TLS 1.2 and 1.3 with forward-secret
 * AEAD suites only (no CBC, so nothing for LUCKY13), no client-initiated renegotiation (a cheap
 * lever for a denial of service), and a bound on how long a handshake and an idle connection may
 * hold a socket.
 */
final class TlsProfile {

  static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  /** In the profile's order of preference; TLS 1.3 suites first. */
  static final List<String> SUITES =
      List.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  static {
    // Read by the JDK when its server handshake code first loads, before any connection.
    System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
  }

  private TlsProfile() {}

  /** Applies the profile and the timeouts to a listener's options. */
  static <T extends TCPSSLOptions> T apply(T options, long handshakeSeconds, int idleSeconds) {
    options.setEnabledSecureTransportProtocols(PROTOCOLS);
    SUITES.forEach(options::addEnabledCipherSuite);
    options.setSslHandshakeTimeout(handshakeSeconds);
    options.setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
    options.setIdleTimeout(idleSeconds);
    options.setIdleTimeoutUnit(TimeUnit.SECONDS);
    return options;
  }
}
