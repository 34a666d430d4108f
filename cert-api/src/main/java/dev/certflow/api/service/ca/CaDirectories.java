package dev.certflow.api.service.ca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.certflow.api.config.CertflowConfig;
import dev.certflow.events.KnownCas;
import dev.certflow.security.PemTrust;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the public documents of the CAs certificates are ordered from: the ACME directory (its
 * profiles and whether it offers renewal information) and RFC 9773 renewal information. Both are
 * plain GETs that need no account, so cert-api, which schedules renewals, reads them itself; the
 * account and every signed request stay with the workers. A directory is kept for an hour.
 */
@ApplicationScoped
public class CaDirectories {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Duration KEEP = Duration.ofHours(1);
  private static final Duration DEFAULT_RETRY = Duration.ofHours(6);

  private final CertflowConfig config;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
  private final Map<String, Cached> directories = new ConcurrentHashMap<>();

  // A CA that did not answer is not asked again for a minute: a scan over many certificates of a
  // CA that is down then costs one timeout, not one per certificate.
  private static final Duration KEEP_FAILURE = Duration.ofMinutes(1);

  private record Cached(CaDirectory directory, String failure, Instant until) {}

  CaDirectories(CertflowConfig config) {
    this.config = config;
  }

  /**
   * The directory URL of a CA name (or the URL itself), or empty when cert-api does not know it.
   */
  public Optional<URI> directoryUrl(String ca) {
    CertflowConfig.CaDirectoryConfig configured = config.cas().get(ca);
    if (configured != null) {
      return Optional.of(URI.create(configured.directory()));
    }
    if (KnownCas.DIRECTORIES.containsKey(ca)) {
      return Optional.of(URI.create(KnownCas.DIRECTORIES.get(ca)));
    }
    return ca.startsWith("https://") ? Optional.of(URI.create(ca)) : Optional.empty();
  }

  /**
   * The CA's directory.
   *
   * @throws IOException when it cannot be read (or cert-api does not know where it is)
   */
  public CaDirectory directory(String ca) throws IOException, InterruptedException {
    Cached cached = directories.get(ca);
    if (cached != null && cached.until().isAfter(Instant.now())) {
      if (cached.failure() != null) {
        throw new IOException(cached.failure());
      }
      return cached.directory();
    }
    try {
      CaDirectory directory = read(ca);
      directories.put(ca, new Cached(directory, null, Instant.now().plus(KEEP)));
      return directory;
    } catch (IOException e) {
      String failure = e.getMessage() != null ? e.getMessage() : e.toString();
      directories.put(ca, new Cached(null, failure, Instant.now().plus(KEEP_FAILURE)));
      throw new IOException(failure, e);
    }
  }

  private CaDirectory read(String ca) throws IOException, InterruptedException {
    URI url =
        directoryUrl(ca)
            .orElseThrow(
                () ->
                    new IOException(
                        "cert-api does not know where "
                            + ca
                            + "'s directory is: set CERTFLOW_CAS_"
                            + ca.toUpperCase(Locale.ROOT)
                            + "_DIRECTORY"));
    HttpResponse<String> response = get(ca, url);
    if (response.statusCode() != 200) {
      throw new IOException(ca + "'s directory answered HTTP " + response.statusCode());
    }
    JsonNode body = json.readTree(response.body());
    Optional<URI> renewalInfo =
        Optional.ofNullable(body.path("renewalInfo").textValue()).map(URI::create);
    Map<String, String> profiles = new TreeMap<>();
    for (Map.Entry<String, JsonNode> profile : body.path("meta").path("profiles").properties()) {
      profiles.put(profile.getKey(), profile.getValue().asText(""));
    }
    return new CaDirectory(renewalInfo, Map.copyOf(profiles));
  }

  /**
   * The renewal window the CA suggests for a certificate, or empty when the CA offers no renewal
   * information.
   *
   * @throws IOException when the CA does not answer, or answers with anything but a window
   */
  public Optional<RenewalWindow> renewalInfo(String ca, String certId)
      throws IOException, InterruptedException {
    Optional<URI> base = directory(ca).renewalInfo();
    if (base.isEmpty()) {
      return Optional.empty();
    }
    String prefix = base.get().toString();
    URI url = URI.create(prefix + (prefix.endsWith("/") ? "" : "/") + certId);
    HttpResponse<String> response = get(ca, url);
    if (response.statusCode() != 200) {
      throw new IOException(
          ca + "'s renewal information for " + certId + " answered HTTP " + response.statusCode());
    }
    JsonNode window = json.readTree(response.body()).path("suggestedWindow");
    try {
      Instant start = Instant.parse(window.path("start").asText());
      Instant end = Instant.parse(window.path("end").asText());
      if (end.isBefore(start)) {
        throw new IOException(ca + "'s renewal window for " + certId + " ends before it starts");
      }
      return Optional.of(
          new RenewalWindow(
              start, end, retryAfter(response.headers().firstValue("Retry-After"), Instant.now())));
    } catch (DateTimeParseException e) {
      throw new IOException(ca + "'s renewal window for " + certId + " is malformed", e);
    }
  }

  /** Retry-After as seconds or an HTTP date; six hours when absent or unreadable. */
  static Duration retryAfter(Optional<String> header, Instant now) {
    if (header.isEmpty()) {
      return DEFAULT_RETRY;
    }
    String value = header.get().strip();
    try {
      return Duration.ofSeconds(Long.parseLong(value));
    } catch (NumberFormatException e) {
      try {
        return Duration.between(
            now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      } catch (DateTimeParseException unreadable) {
        return DEFAULT_RETRY;
      }
    }
  }

  /** Forgets every directory read (an operator changed a CA, or a test did). */
  public void forget() {
    directories.clear();
  }

  private HttpResponse<String> get(String ca, URI url) throws IOException, InterruptedException {
    return client(ca)
        .send(
            HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private HttpClient client(String ca) {
    return clients.computeIfAbsent(
        ca,
        name -> {
          HttpClient.Builder builder =
              HttpClient.newBuilder()
                  .connectTimeout(TIMEOUT)
                  .followRedirects(HttpClient.Redirect.NORMAL);
          CertflowConfig.CaDirectoryConfig configured = config.cas().get(name);
          if (configured != null && configured.trust().isPresent()) {
            builder.sslContext(PemTrust.context(configured.trust().get()));
          }
          return builder.build();
        });
  }
}
