package dev.certflow.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The forms of {@code dns_service_url} each DNS provider takes, checked the same way where a
 * certificate is saved (cert-api) and where the URL is used (dns-gateway), so a missing or
 * malformed parameter is refused at once rather than when an order runs. {@code $ENV:NAME}
 * references are checked for their form only: they are resolved in dns-gateway alone.
 */
public final class DnsServiceUrls {

  /** Every provider name, aliases included (from {@link DnsProviderType}). */
  public static final Set<String> PROVIDERS = Set.copyOf(DnsProviderType.names());

  private static final Set<String> TSIG_ALGORITHMS =
      Set.of("hmac-sha256", "hmac-sha384", "hmac-sha512", "hmac-sha1");
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final String ENV = "$ENV:";

  private DnsServiceUrls() {}

  /** The provider's own name for an alias ({@code cf}, {@code ali}). */
  public static String canonical(String provider) {
    return DnsProviderType.of(provider).map(DnsProviderType::id).orElse(provider);
  }

  /**
   * What is wrong with the URL for the provider, if anything; the text never repeats a value.
   *
   * @param provider a name from {@link #PROVIDERS}
   */
  public static Optional<String> problem(String provider, String url) {
    try {
      return check(canonical(provider), provider, url);
    } catch (IllegalArgumentException e) {
      return Optional.of("has a malformed %-escape");
    }
  }

  private static Optional<String> check(String name, String provider, String url) {
    if (name.equals("manual")) {
      return Optional.empty();
    }
    if (url == null || url.isBlank()) {
      return Optional.of("is required for dns_provider " + provider);
    }
    String text = url.strip();
    if (text.startsWith(ENV)) {
      return variable(text.substring(ENV.length()));
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      return Optional.of("is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null) {
      return Optional.of("needs a host, e.g. " + example(name));
    }
    if (name.equals("rfc2136") ? !scheme.equals("rfc2136") : !scheme.startsWith("http")) {
      return Optional.of("must look like " + example(name));
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&", -1)) {
        int eq = pair.indexOf('=');
        parameters.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
      }
    }
    DnsProviderType type = DnsProviderType.of(name).orElseThrow();
    Set<String> known = new LinkedHashSet<>(type.required());
    known.addAll(type.optional());
    for (String parameter : parameters.keySet()) {
      if (!known.contains(parameter)) {
        return Optional.of(
            "has the unknown parameter '"
                + parameter
                + "' for "
                + name
                + " (it takes "
                + String.join(", ", known)
                + ")");
      }
    }
    for (String required : type.required()) {
      String value = parameters.get(required);
      if (value == null || value.isEmpty()) {
        return Optional.of("needs the parameter " + required + " for " + name);
      }
    }
    for (Map.Entry<String, String> parameter : parameters.entrySet()) {
      String value = decode(parameter.getValue());
      if (value.startsWith(ENV)) {
        Optional<String> problem = variable(value.substring(ENV.length()));
        if (problem.isPresent()) {
          return Optional.of(parameter.getKey() + ": " + problem.get());
        }
      }
    }
    if (name.equals("rfc2136")) {
      return tsig(parameters);
    }
    return Optional.empty();
  }

  private static Optional<String> tsig(Map<String, String> parameters) {
    String algorithm = decode(parameters.getOrDefault("tsig_algorithm", "hmac-sha256"));
    if (!TSIG_ALGORITHMS.contains(algorithm.toLowerCase(Locale.ROOT))) {
      return Optional.of("tsig_algorithm must be one of " + String.join(", ", TSIG_ALGORITHMS));
    }
    String secret = decode(parameters.get("tsig_secret"));
    if (!secret.startsWith(ENV)) {
      try {
        Base64.getDecoder().decode(secret);
      } catch (IllegalArgumentException e) {
        return Optional.of("tsig_secret must be base64");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> variable(String name) {
    return VARIABLE.matcher(name).matches()
        ? Optional.empty()
        : Optional.of("$ENV: must be followed by an environment variable name");
  }

  /**
   * Percent-decoding that keeps '+': base64 secrets are pasted into these URLs as they are.
   *
   * @throws IllegalArgumentException on a malformed escape
   */
  public static String decode(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("dns_service_url has a malformed %-escape");
    }
  }

  /** The URL form of each provider, as the README and error messages show it. */
  public static String example(String provider) {
    return DnsProviderType.of(provider).map(DnsProviderType::example).orElse("");
  }
}
