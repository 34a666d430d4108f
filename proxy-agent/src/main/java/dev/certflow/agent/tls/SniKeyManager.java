package dev.certflow.agent.tls;

import dev.certflow.agent.store.CertificateStore;
import dev.certflow.agent.store.ServedCertificate;
import dev.certflow.agent.store.SniTable;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Picks the certificate for each handshake from the client's SNI, reading the current {@link
 * SniTable}. Because the JDK asks the key manager during every handshake, a new table is in force
 * for the very next connection, with no listener restart.
 */
@ApplicationScoped
public class SniKeyManager extends X509ExtendedKeyManager {

  private final CertificateStore store;
  private final LeafMinter minter;

  SniKeyManager(CertificateStore store, LeafMinter minter) {
    this.store = store;
    this.minter = minter;
  }

  /** The certificate a client with this SNI gets; null when the handshake must fail. */
  public ServedCertificate select(String serverName) {
    SniTable.Match match = store.table().select(serverName);
    if (match == null) {
      return null;
    }
    return match.mint()
        ? minter.leafFor(match.certificate(), serverName.toLowerCase(Locale.ROOT))
        : match.certificate();
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return choose(keyType, engine == null ? null : engine.getHandshakeSession());
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    SSLSession session = socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null;
    return choose(keyType, session);
  }

  private String choose(String keyType, SSLSession session) {
    ServedCertificate certificate = select(serverName(session));
    if (certificate == null || !certificate.keyType().equals(keyType)) {
      return null;
    }
    return certificate.alias();
  }

  private static String serverName(SSLSession session) {
    if (session instanceof ExtendedSSLSession extended) {
      List<SNIServerName> names = extended.getRequestedServerNames();
      for (SNIServerName name : names) {
        if (name.getType() == StandardConstants.SNI_HOST_NAME) {
          return ((SNIHostName) name).getAsciiName();
        }
      }
    }
    return null;
  }

  private ServedCertificate resolve(String alias) {
    if (alias == null) {
      return null;
    }
    ServedCertificate certificate = store.table().byAlias(alias);
    return certificate != null ? certificate : minter.byAlias(alias);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    ServedCertificate certificate = resolve(alias);
    return certificate == null ? null : certificate.chain().toArray(new X509Certificate[0]);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    ServedCertificate certificate = resolve(alias);
    return certificate == null ? null : certificate.privateKey();
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return store.table().all().stream()
        .filter(c -> c.keyType().equals(keyType))
        .map(ServedCertificate::alias)
        .toArray(String[]::new);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
