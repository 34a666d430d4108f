package dev.certflow.dns.provider;

import dev.certflow.security.DnsServiceUrls;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A {@code dns_service_url} with its {@code $ENV:NAME} references resolved, here in dns-gateway
 * only: the whole URL may be {@code $ENV:NAME}, or any parameter value may be.
 *
 * @param uri the resolved URL
 * @param parameters its query parameters, decoded
 */
public record ServiceUrl(URI uri, Map<String, String> parameters) {

  static final String ENV = "$ENV:";

  /**
   * Resolves and parses a URL.
   *
   * @param environment looks up variables (System::getenv in production)
   * @throws IllegalArgumentException naming what is wrong, never echoing a secret
   */
  public static ServiceUrl parse(String url, UnaryOperator<String> environment) {
    String text = url.strip();
    if (text.startsWith(ENV)) {
      text = lookup(text.substring(ENV.length()), environment).strip();
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("dns_service_url is not a valid URL");
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&", -1)) {
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (value.startsWith(ENV)) {
          value = lookup(value.substring(ENV.length()), environment);
        }
        parameters.put(name, value);
      }
    }
    return new ServiceUrl(uri, Map.copyOf(parameters));
  }

  private static String decode(String text) {
    return DnsServiceUrls.decode(text);
  }

  private static String lookup(String name, UnaryOperator<String> environment) {
    String value = environment.apply(name);
    if (value == null || value.isBlank()) {
      // One message for unset, empty and not allowed: no answer tells whether a variable exists.
      throw new IllegalArgumentException(
          "$ENV:"
              + name
              + " is not provided to dns-gateway (a variable named with one of"
              + " CERTFLOW_DNS_ENV_PREFIXES, set in the gateway's environment)");
    }
    return value;
  }

  /** A required parameter. */
  public String require(String provider, String name) {
    String value = parameters.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          provider + ": dns_service_url needs the parameter " + name);
    }
    return value;
  }
}
