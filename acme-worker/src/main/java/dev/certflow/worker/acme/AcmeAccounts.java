package dev.certflow.worker.acme;

import dev.certflow.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.Security;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jboss.logging.Logger;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * One ACME account per CA. Every worker is configured with the same account key, so registering
 * with it finds the same account (RFC 8555, 7.3.1) rather than creating another. A login is kept
 * per CA and made anew when the CA says it no longer knows the account.
 */
@ApplicationScoped
public class AcmeAccounts {

  private static final Logger LOG = Logger.getLogger(AcmeAccounts.class);
  static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(15);

  static {
    // acme4j's key and CSR utilities need BouncyCastle registered.
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
  }

  private final KeyPair accountKey;
  private final WorkerConfig config;
  private final Map<String, Login> logins = new HashMap<>();

  AcmeAccounts(WorkerConfig config) {
    this.config = config;
    String pem =
        config
            .acmeAccountKey()
            .filter(k -> !k.isBlank())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "CERTFLOW_ACME_ACCOUNT_KEY is not set: give every worker the same account"
                            + " key (PEM), e.g. from 'openssl ecparam -name prime256v1 -genkey -noout'"));
    try {
      this.accountKey = KeyPairUtils.readKeyPair(new StringReader(pem.replace("\\n", "\n")));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("CERTFLOW_ACME_ACCOUNT_KEY is not a readable PEM key pair");
    }
  }

  /** The login for a CA, registering (or finding) the account on first use. */
  public synchronized Login login(CaSettings ca) throws AcmeException {
    Login login = logins.get(ca.name());
    if (login == null) {
      login = register(ca);
      logins.put(ca.name(), login);
    }
    return login;
  }

  /** Drops the login, so the next order registers again (after a CA forgot the account). */
  public synchronized void forget(CaSettings ca) {
    logins.remove(ca.name());
  }

  private Login register(CaSettings ca) throws AcmeException {
    Session session =
        ca.trust().isPresent()
            ? new Session(ca.directory(), new TrustingProvider(ca.trust().get()))
            : new Session(ca.directory());
    session.networkSettings().setTimeout(NETWORK_TIMEOUT);
    AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey);
    config.acmeContact().filter(c -> !c.isBlank()).ifPresent(builder::addEmail);
    if (ca.eabKid().isPresent() && ca.eabHmacKey().isPresent()) {
      builder.withKeyIdentifier(ca.eabKid().get(), ca.eabHmacKey().get());
    }
    Login login = builder.createLogin(session);
    LOG.infof("ACME account at %s: %s", ca.name(), login.getAccountLocation());
    return login;
  }

  /** A provider whose HTTP client trusts a private CA's server (Pebble, an internal CA). */
  static final class TrustingProvider extends GenericAcmeProvider {
    private final SSLContext trust;

    TrustingProvider(SSLContext trust) {
      this.trust = trust;
    }

    @Override
    public HttpClient createHttpClient(NetworkSettings settings) {
      return HttpClient.newBuilder()
          .sslContext(trust)
          .connectTimeout(settings.getTimeout())
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();
    }
  }
}
