package dev.certflow.agent.tls;

import dev.certflow.agent.config.AgentConfig;
import dev.certflow.agent.store.CertificateStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.OpenSSLEngineOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The node's TLS listener. Terminates TLS with the certificate {@link SniKeyManager} picks, then
 * passes the bytes to {@code CERTFLOW_UPSTREAM} or, without one, answers a small status page.
 */
@ApplicationScoped
public class TlsListener {

  private static final Logger LOG = Logger.getLogger(TlsListener.class);

  private final Vertx vertx;
  private final AgentConfig config;
  private final SniKeyManager keyManager;
  private final CertificateStore store;
  private NetServer netServer;
  private HttpServer httpServer;
  private NetClient upstreamClient;

  TlsListener(Vertx vertx, AgentConfig config, SniKeyManager keyManager, CertificateStore store) {
    this.vertx = vertx;
    this.config = config;
    this.keyManager = keyManager;
    this.store = store;
  }

  void start(@Observes StartupEvent event) throws Exception {
    int httpPort =
        ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(-1);
    if (httpPort == config.tlsPort()) {
      // Vert.x would share the port between both servers and alternate connections between them.
      throw new IllegalStateException(
          "CERTFLOW_TLS_PORT and CERTFLOW_HTTP_PORT are both "
              + httpPort
              + ": give them different ports");
    }
    // SNI stays off in Vert.x: it would cache a context per name; the JDK asks our key manager
    // on every handshake instead, so a swapped table applies at once.
    KeyCertOptions keys = KeyCertOptions.wrap(keyManager);
    if (config.upstream().isPresent()) {
      HostPort upstream = HostPort.parse(config.upstream().get());
      upstreamClient = vertx.createNetClient();
      NetServerOptions options = listening(new NetServerOptions(), keys);
      netServer = vertx.createNetServer(options).connectHandler(socket -> pipe(socket, upstream));
      netServer.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      LOG.infof(
          "TLS listener on %s:%d (%s), passing to %s",
          config.tlsHost(), config.tlsPort(), engine(options), upstream);
    } else {
      HttpServerOptions options = listening(new HttpServerOptions(), keys);
      httpServer =
          vertx
              .createHttpServer(options)
              .requestHandler(
                  request -> {
                    String host = request.getHeader("Host");
                    request
                        .response()
                        .putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end(
                            "certflow proxy-agent "
                                + config.agentId()
                                + "\nhost: "
                                + host
                                + "\ncertificates: "
                                + store.table().all().size()
                                + "\n");
                  });
      httpServer.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      LOG.infof(
          "TLS listener on %s:%d (%s; status page, no upstream set)",
          config.tlsHost(), config.tlsPort(), engine(options));
    }
  }

  /** The listener's address, its certificates by SNI, and the TLS profile with its timeouts. */
  private <T extends NetServerOptions> T listening(T options, KeyCertOptions keys) {
    options.setSsl(true);
    if (useOpenSsl()) {
      // The key manager is still asked on every handshake (netty's certificate callback), so
      // SNI selection and swapped tables behave exactly as with the JDK's engine.
      options.setSslEngineOptions(new OpenSSLEngineOptions().setSessionCacheEnabled(true));
    }
    options.setKeyCertOptions(keys);
    options.setHost(config.tlsHost());
    options.setPort(config.tlsPort());
    return TlsProfile.apply(
        options,
        config.tlsHandshakeTimeout().toSeconds(),
        (int) config.tlsIdleTimeout().toSeconds());
  }

  private static String engine(NetServerOptions options) {
    return options.getSslEngineOptions() instanceof OpenSSLEngineOptions ? "BoringSSL" : "JDK TLS";
  }

  private boolean useOpenSsl() {
    String engine = config.tlsEngine().strip().toLowerCase(Locale.ROOT);
    if (!engine.equals("openssl") && !engine.equals("jdk")) {
      throw new IllegalStateException("CERTFLOW_TLS_ENGINE must be openssl or jdk, got " + engine);
    }
    if (engine.equals("jdk")) {
      return false;
    }
    if (!OpenSSLEngineOptions.isAvailable()) {
      LOG.warn("CERTFLOW_TLS_ENGINE=openssl but BoringSSL does not load here: using the JDK's TLS");
      return false;
    }
    return true;
  }

  private void pipe(NetSocket client, HostPort upstream) {
    client.pause();
    upstreamClient
        .connect(upstream.port(), upstream.host())
        .onComplete(
            result -> {
              if (result.failed()) {
                LOG.debugf("upstream %s unreachable: %s", upstream, result.cause().getMessage());
                client.close();
                return;
              }
              NetSocket server = result.result();
              client.pipeTo(server);
              server.pipeTo(client);
              client.resume();
            });
  }

  void stop(@Observes ShutdownEvent event) {
    if (netServer != null) {
      netServer.close();
    }
    if (httpServer != null) {
      httpServer.close();
    }
    if (upstreamClient != null) {
      upstreamClient.close();
    }
  }

  /** A host:port pair from configuration. */
  record HostPort(String host, int port) {
    static HostPort parse(String text) {
      String value = text.replaceFirst("^[a-z]+://", "");
      int colon = value.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalStateException("CERTFLOW_UPSTREAM must be host:port, got '" + text + "'");
      }
      try {
        return new HostPort(
            value.substring(0, colon).replaceAll("[\\[\\]]", ""),
            Integer.parseInt(value.substring(colon + 1).replaceAll("/.*", "")));
      } catch (NumberFormatException e) {
        throw new IllegalStateException("CERTFLOW_UPSTREAM must be host:port, got '" + text + "'");
      }
    }

    @Override
    public String toString() {
      return host + ":" + port;
    }
  }
}
