package dev.certflow.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.certflow.events.RenewalCertId;
import dev.certflow.security.PemTrust;
import dev.certflow.testing.TestInfra;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * What Debian's Pebble 2.4 lacks, in front of it: ACME Renewal Information (RFC 9773) and
 * certificate profiles. The directory gains {@code renewalInfo} and {@code meta.profiles}; the
 * renewalInfo resource answers a window with its Retry-After for every certificate issued through
 * here; a new order's {@code profile} must be one listed ({@code invalidProfile}) and its {@code
 * replaces} must name a certificate issued here and not replaced yet ({@code alreadyReplaced}).
 * Everything else goes to Pebble unchanged, with the client's Host header, so that Pebble's URLs
 * and its check of each JWS {@code url} name this front. A test may also make the next orders fail
 * with a problem of its choosing (a rate limit, a pause).
 */
final class PebbleFront implements AutoCloseable {

  static final Map<String, String> PROFILES =
      Map.of("classic", "the default profile", "shortlived", "six-day certificates");
  private static final String ACME = "urn:ietf:params:acme:error:";

  final int port = TestInfra.freePort();
  private final Pebble pebble;
  private final HttpsServer server;
  private final HttpClient client;
  private final ObjectMapper json = new ObjectMapper();

  /** What a new order asked for. */
  record Ordered(String profile, String replaces) {}

  /** A certificate issued through here. */
  record Issued(X509Certificate leaf, Ordered order) {}

  /** A problem the next new-order answers with. */
  record Failure(int status, String type, String detail, Integer retryAfterSeconds) {}

  private final Map<String, Ordered> orders = new ConcurrentHashMap<>();
  private final Map<String, String> orderOfCertificate = new ConcurrentHashMap<>();
  private final Map<String, Issued> issued = new ConcurrentHashMap<>();
  private final Set<String> replaced = ConcurrentHashMap.newKeySet();
  private final Map<String, Instant[]> windows = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
  private final List<String> renewalInfoAsked = Collections.synchronizedList(new ArrayList<>());
  private volatile Failure always;
  private volatile long retryAfterSeconds = 21_600;

  PebbleFront(Pebble pebble) throws Exception {
    this.pebble = pebble;
    this.client =
        HttpClient.newBuilder()
            .sslContext(PemTrust.context(pebble.trust.toString()))
            // HTTP/2 would send the URI's authority; HTTP/1.1 sends the Host given.
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "front",
        pebble.listener.keyPair().getPrivate(),
        new char[0],
        new java.security.cert.Certificate[] {pebble.listener.certificate()});
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, new char[0]);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    server =
        HttpsServer.create(
            new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/", this::handle);
    server.start();
  }

  String directory() {
    return "https://127.0.0.1:" + port + "/dir";
  }

  /** The Retry-After the renewalInfo resource sends. */
  void retryAfter(Duration retryAfter) {
    this.retryAfterSeconds = retryAfter.toSeconds();
  }

  /** Sets the window suggested for a certificate (a window in the past: revocation coming). */
  void window(String certId, Instant start, Instant end) {
    windows.put(certId, new Instant[] {start, end});
  }

  /** The next new-order is answered with this problem instead of reaching Pebble. */
  void failNextOrder(Failure failure) {
    failures.add(failure);
  }

  /** Every new-order is answered with this problem (null: none). */
  void failEveryOrder(Failure failure) {
    this.always = failure;
  }

  /** The certificate issued here with this RFC 9773 identifier. */
  Issued issued(String certId) {
    return issued.get(certId);
  }

  /** How many times renewal information was asked for a certificate. */
  long renewalInfoAsked(String certId) {
    synchronized (renewalInfoAsked) {
      return renewalInfoAsked.stream().filter(certId::equals).count();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (path.startsWith("/renewal-info/")) {
        renewalInfo(exchange, path.substring("/renewal-info/".length()));
        return;
      }
      Ordered ordered = null;
      if (path.equals("/order-plz")) {
        Failure failure = failures.poll();
        if (failure == null) {
          failure = always;
        }
        JsonNode payload = payload(body);
        ordered =
            new Ordered(payload.path("profile").textValue(), payload.path("replaces").textValue());
        if (failure == null) {
          failure = refusal(ordered);
        }
        if (failure != null) {
          problem(exchange, failure);
          return;
        }
      }
      HttpResponse<byte[]> response = forward(exchange, body);
      byte[] answer = response.body();
      if (path.equals("/dir")) {
        answer = directory(exchange, answer);
      } else if (ordered != null && response.statusCode() == 201) {
        Ordered asked = ordered;
        response
            .headers()
            .firstValue("Location")
            .ifPresent(location -> orders.put(lastSegment(location), asked));
      } else if (path.startsWith("/my-order/") || path.startsWith("/finalize-order/")) {
        JsonNode order = json.readTree(answer);
        if (order.hasNonNull("certificate")) {
          orderOfCertificate.put(
              URI.create(order.get("certificate").asText()).getPath(), lastSegment(path));
        }
      } else if (path.startsWith("/certZ/") && response.statusCode() == 200) {
        remember(path, answer);
      }
      reply(exchange, response, answer);
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  /** Why a new order is refused here, as a CA offering profiles and ARI would: else null. */
  private Failure refusal(Ordered ordered) {
    if (ordered.profile() != null && !PROFILES.containsKey(ordered.profile())) {
      return new Failure(
          400, ACME + "invalidProfile", "profile '" + ordered.profile() + "' is not offered", null);
    }
    if (ordered.replaces() != null) {
      if (!issued.containsKey(ordered.replaces())) {
        return new Failure(
            400, ACME + "malformed", "replaces names no certificate this CA issued", null);
      }
      if (replaced.contains(ordered.replaces())) {
        return new Failure(
            409, ACME + "alreadyReplaced", "the certificate has been replaced already", null);
      }
    }
    return null;
  }

  private void remember(String path, byte[] pem) throws Exception {
    X509Certificate leaf =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem));
    String certId = RenewalCertId.of(leaf).orElseThrow();
    String orderId = orderOfCertificate.get(path);
    Ordered order = orderId == null ? new Ordered(null, null) : orders.get(orderId);
    issued.putIfAbsent(certId, new Issued(leaf, order));
    if (order != null && order.replaces() != null) {
      replaced.add(order.replaces());
    }
  }

  private void renewalInfo(HttpExchange exchange, String certId) throws IOException {
    renewalInfoAsked.add(certId);
    Issued known = issued.get(certId);
    if (known == null) {
      problem(exchange, new Failure(404, ACME + "malformed", "no such certificate", null));
      return;
    }
    Instant[] window =
        windows.computeIfAbsent(
            certId,
            id -> {
              // Two thirds into the lifetime, for a twelfth of it: what a CA suggests unprompted.
              Instant from = known.leaf().getNotBefore().toInstant();
              Duration lifetime = Duration.between(from, known.leaf().getNotAfter().toInstant());
              Instant start = from.plus(lifetime.multipliedBy(2).dividedBy(3));
              return new Instant[] {start, start.plus(lifetime.dividedBy(12))};
            });
    ObjectNode answer = json.createObjectNode();
    answer
        .putObject("suggestedWindow")
        .put("start", window[0].toString())
        .put("end", window[1].toString());
    byte[] bytes = json.writeValueAsBytes(answer);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.getResponseHeaders().add("Retry-After", String.valueOf(retryAfterSeconds));
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private byte[] directory(HttpExchange exchange, byte[] pebbleDirectory) throws IOException {
    ObjectNode directory = (ObjectNode) json.readTree(pebbleDirectory);
    directory.put("renewalInfo", "https://" + host(exchange) + "/renewal-info");
    ObjectNode meta =
        directory.has("meta") ? (ObjectNode) directory.get("meta") : directory.putObject("meta");
    ObjectNode profiles = meta.putObject("profiles");
    PROFILES.forEach(profiles::put);
    return json.writeValueAsBytes(directory);
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    "https://127.0.0.1:" + pebble.port + exchange.getRequestURI().toString()))
            .method(
                exchange.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body))
            // Pebble checks each JWS url against the Host it was asked on: this front's.
            .header("Host", host(exchange));
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private void reply(HttpExchange exchange, HttpResponse<byte[]> response, byte[] body)
      throws IOException {
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!Set.of("content-length", "transfer-encoding", "connection", "date")
                  .contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> exchange.getResponseHeaders().add(name, v));
              }
            });
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(
        response.statusCode(), head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private void problem(HttpExchange exchange, Failure failure) throws IOException {
    ObjectNode problem = json.createObjectNode();
    problem
        .put("type", failure.type())
        .put("detail", failure.detail())
        .put("status", failure.status());
    byte[] bytes = json.writeValueAsBytes(problem);
    try {
      // An ACME error still carries a fresh nonce.
      HttpResponse<byte[]> nonce =
          client.send(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + pebble.port + "/nonce-plz"))
                  .method("HEAD", HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      nonce
          .headers()
          .firstValue("Replay-Nonce")
          .ifPresent(n -> exchange.getResponseHeaders().add("Replay-Nonce", n));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failure.retryAfterSeconds() != null) {
      exchange.getResponseHeaders().add("Retry-After", String.valueOf(failure.retryAfterSeconds()));
    }
    exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
    exchange.sendResponseHeaders(failure.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private JsonNode payload(byte[] jws) throws IOException {
    String payload = json.readTree(jws).path("payload").asText("");
    return payload.isEmpty()
        ? json.createObjectNode()
        : json.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
  }

  private static String host(HttpExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst("Host");
    return host != null ? host : "127.0.0.1:" + exchange.getLocalAddress().getPort();
  }

  private static String lastSegment(String url) {
    String path = url.contains("://") ? URI.create(url).getPath() : url;
    return path.substring(path.lastIndexOf('/') + 1);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
