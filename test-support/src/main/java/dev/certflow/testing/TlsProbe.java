package dev.certflow.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A real TLS client for tests: handshakes with a given SNI and returns what the server sent. */
public final class TlsProbe {

  private TlsProbe() {}

  /**
   * Handshakes with {@code host:port}, sending {@code serverName} as SNI (none when null).
   *
   * @return the chain the server presented, leaf first
   * @throws IOException when the handshake fails
   */
  public static X509Certificate[] handshake(String host, int port, String serverName)
      throws IOException {
    try (SSLSocket socket = (SSLSocket) trustingAll().getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress(host, port), 2_000);
      socket.setSoTimeout(5_000);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setServerNames(
          serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return (X509Certificate[]) socket.getSession().getPeerCertificates();
    }
  }

  /** The serial (hex) of the leaf served for {@code serverName}; null when the handshake fails. */
  public static String serial(String host, int port, String serverName) {
    try {
      return handshake(host, port, serverName)[0].getSerialNumber().toString(16);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * A fresh client context that trusts any server. Fresh each time, so no TLS session is resumed
   * and every handshake shows the certificate served now.
   */
  public static SSLContext trustingAll() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new AcceptAll()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Trusts any server: these tests check which certificate is served, not the PKI. */
  private static final class AcceptAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
