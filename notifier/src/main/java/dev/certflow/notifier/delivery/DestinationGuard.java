package dev.certflow.notifier.delivery;

import dev.certflow.security.Addresses;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Refuses webhook URLs that point into the notifier's own network (loopback, private, link-local,
 * unique-local), so a channel cannot be used to reach internal services, unless configuration
 * allows them. The check runs on the addresses the name resolves to at delivery time.
 */
public final class DestinationGuard {

  private final boolean allowLoopback;
  private final boolean allowPrivate;

  public DestinationGuard(boolean allowLoopback, boolean allowPrivate) {
    this.allowLoopback = allowLoopback;
    this.allowPrivate = allowPrivate;
  }

  /**
   * Why the URL may not be called, or null when it may.
   *
   * @throws UnknownHostException when the name does not resolve
   */
  public String refusal(URI uri) throws UnknownHostException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if ((!scheme.equals("https") && !scheme.equals("http")) || uri.getHost() == null) {
      return "the URL must be http(s) with a host";
    }
    for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
      if (address.isLoopbackAddress() && !allowLoopback) {
        return uri.getHost() + " is a loopback address";
      }
      boolean internal = Addresses.isPrivate(address);
      if (internal && !allowPrivate) {
        return uri.getHost() + " is a private address";
      }
    }
    return null;
  }
}
