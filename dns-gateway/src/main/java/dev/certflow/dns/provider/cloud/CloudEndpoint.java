package dev.certflow.dns.provider.cloud;

import dev.certflow.dns.provider.ServiceUrl;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The vendor API a {@code dns_service_url} points at. HTTPS only, since the requests carry
 * credentials; plain HTTP is accepted for loopback addresses alone (emulations, local proxies).
 */
public final class CloudEndpoint {

  private CloudEndpoint() {}

  /**
   * The base URI ({@code scheme://host[:port]}).
   *
   * @throws IllegalArgumentException naming the provider and what is wrong
   */
  public static URI of(String provider, ServiceUrl url) {
    URI uri = url.uri();
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException(
          provider + ": dns_service_url must be an https:// URL of the vendor's API");
    }
    if (scheme.equals("http") && !loopback(uri.getHost())) {
      throw new IllegalArgumentException(
          provider + ": dns_service_url must use https (http only for loopback addresses)");
    }
    return URI.create(
        scheme + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
  }

  /** The Host header value a client sends for the URI (no port when it is the default). */
  public static String hostHeader(URI base) {
    int port = base.getPort();
    boolean standard =
        port < 0
            || ("https".equals(base.getScheme()) && port == 443)
            || ("http".equals(base.getScheme()) && port == 80);
    return base.getHost() + (standard ? "" : ":" + port);
  }

  private static boolean loopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
      return false; // a name: never resolved here, so it cannot smuggle in a private address
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
