package dev.certflow.agent.tls;

import static dev.certflow.agent.testing.BundleSender.bundle;
import static dev.certflow.agent.testing.BundleSender.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.certflow.agent.testing.AgentInfraResource;
import dev.certflow.testing.TestPki;
import dev.certflow.testing.TlsProbe;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The listener against real JDK TLS clients: Mozilla's intermediate profile (no CBC suite), no
 * client-initiated renegotiation, and a socket that never starts its handshake is closed.
 */
@QuarkusTest
@WithTestResource(value = AgentInfraResource.class, scope = TestResourceScope.GLOBAL)
class TlsHardeningTest {

  private static final String HOST = "hardening.tls.test";
  private static final TestPki.Issued CA = TestPki.rootCa("hardening ca");

  @BeforeEach
  void serveACertificate() {
    TestPki.Issued leaf = TestPki.leaf(CA, 30, HOST);
    if (TlsProbe.serial("127.0.0.1", AgentInfraResource.TLS_PORT, HOST) == null) {
      send(bundle("hardening", 1, leaf, false, false, List.of(HOST)));
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> TlsProbe.serial("127.0.0.1", AgentInfraResource.TLS_PORT, HOST) != null);
  }

  private static SSLSocket client(String protocol, String... suites) throws IOException {
    SSLSocket socket =
        (SSLSocket)
            TlsProbe.trustingAll()
                .getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), AgentInfraResource.TLS_PORT);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setServerNames(List.of(new SNIHostName(HOST)));
    parameters.setProtocols(new String[] {protocol});
    if (suites.length > 0) {
      parameters.setCipherSuites(suites);
    }
    socket.setSSLParameters(parameters);
    socket.setSoTimeout(5_000);
    return socket;
  }

  @Test
  void offersAeadSuitesOnly() throws Exception {
    try (SSLSocket cbc =
        client(
            "TLSv1.2",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384")) {
      assertThatThrownBy(cbc::startHandshake).isInstanceOf(SSLException.class);
    }
    try (SSLSocket gcm = client("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")) {
      gcm.startHandshake();
      assertThat(gcm.getSession().getCipherSuite())
          .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    }
    try (SSLSocket tls13 = client("TLSv1.3")) {
      tls13.startHandshake();
      assertThat(tls13.getSession().getProtocol()).isEqualTo("TLSv1.3");
    }
  }

  @Test
  void refusesARenegotiationTheClientStarts() throws Exception {
    try (SSLSocket socket = client("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")) {
      socket.startHandshake();
      socket.startHandshake(); // asks for a renegotiation
      InputStream in = socket.getInputStream();
      // Refused: the server ends the connection with an alert. Accepted, the read would wait for
      // data that never comes and time out.
      assertThatThrownBy(
              () -> {
                if (in.read() == -1) {
                  throw new SSLException("closed");
                }
              })
          .isInstanceOf(SSLException.class)
          .isNotInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void closesASocketThatNeverStartsItsHandshake() throws Exception {
    try (Socket idle = new Socket(InetAddress.getLoopbackAddress(), AgentInfraResource.TLS_PORT)) {
      idle.setSoTimeout(15_000); // well past the 2 s handshake timeout the test agent runs with
      assertThat(idle.getInputStream().read()).isEqualTo(-1);
    }
  }
}
