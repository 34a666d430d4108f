package dev.certflow.api.service.channel;

import dev.certflow.events.ChannelType;
import dev.certflow.security.Addresses;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a channel may be: its type, categories and a URL that does not point into the local network
 * unless configuration allows it. Names are checked where they are literal addresses; the notifier
 * checks the resolved addresses again at each delivery.
 */
public final class ChannelRules {

  public static final Set<String> TYPES = Set.copyOf(ChannelType.ids());
  public static final Set<String> CATEGORIES =
      Set.of(
          "issued",
          "renewed",
          "issuance_failed",
          "ca_fallback",
          "account_paused",
          "revoked",
          "revocation_failed",
          "expiring",
          "expired",
          "renewal_overdue",
          "certificate_invalid",
          "agent_lagging",
          "agent_files",
          "agent_rejected",
          "sealed_elsewhere",
          "recovered",
          "test");

  private ChannelRules() {}

  /** Why the URL is refused, or null. */
  public static String urlProblem(String url, boolean allowLoopback, boolean allowPrivate) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "is not a valid URL";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
      return "must be an http(s) URL with a host";
    }
    String host = uri.getHost();
    if (host.equalsIgnoreCase("localhost")) {
      return allowLoopback ? null : "points at a loopback address";
    }
    if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:.]+]")) {
      return null; // a name: resolved and checked by the notifier at delivery
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      return "is not a valid address";
    }
    if (address.isLoopbackAddress()) {
      return allowLoopback ? null : "points at a loopback address";
    }
    if (Addresses.isPrivate(address)) {
      return allowPrivate ? null : "points at a private address";
    }
    return null;
  }

  /** The categories that are not known, for the error message. */
  public static List<String> unknownCategories(List<String> categories) {
    return categories.stream().filter(c -> !CATEGORIES.contains(c)).toList();
  }
}
