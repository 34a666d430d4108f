package dev.certflow.security;

import java.net.InetAddress;

/** Which addresses lie inside the local network, for refusing webhook targets there. */
public final class Addresses {

  private Addresses() {}

  /** Private (RFC 1918), link-local, wildcard or IPv6 unique-local (fc00::/7). */
  public static boolean isPrivate(InetAddress address) {
    return address.isSiteLocalAddress()
        || address.isLinkLocalAddress()
        || address.isAnyLocalAddress()
        || (address.getAddress().length == 16 && (address.getAddress()[0] & 0xfe) == 0xfc);
  }
}
