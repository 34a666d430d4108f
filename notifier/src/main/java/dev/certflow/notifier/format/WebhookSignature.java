package dev.certflow.notifier.format;

import dev.certflow.security.Digests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The generic webhook's signature header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}
 * under the channel secret. The time is signed with the body, so a captured delivery is refused by
 * a receiver once it is older than its tolerance (5 minutes is usual) instead of being good for
 * ever.
 */
public final class WebhookSignature {

  /** The tolerance this project's own checks and the README's snippet use. */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  private WebhookSignature() {}

  /** The header value for a body sent at {@code now}. */
  public static String sign(String secret, Instant now, String body) {
    long t = now.getEpochSecond();
    return "t=" + t + ",v1=" + mac(secret, t, body);
  }

  /**
   * What a receiver checks: the header is well formed, the HMAC matches, and the time is within
   * {@code tolerance} of {@code now}.
   */
  public static boolean verify(
      String secret, String header, String body, Instant now, Duration tolerance) {
    if (header == null) {
      return false;
    }
    Long t = null;
    String v1 = null;
    for (String part : header.split(",", -1)) {
      String[] kv = part.strip().split("=", 2);
      if (kv.length == 2 && kv[0].equals("t") && kv[1].matches("[0-9]{1,12}")) {
        t = Long.parseLong(kv[1]);
      } else if (kv.length == 2 && kv[0].equals("v1")) {
        v1 = kv[1];
      }
    }
    if (t == null || v1 == null) {
      return false;
    }
    boolean fresh = Duration.between(Instant.ofEpochSecond(t), now).abs().compareTo(tolerance) <= 0;
    return fresh && Digests.same(v1, mac(secret, t, body));
  }

  private static String mac(String secret, long t, String body) {
    return Digests.hex(Digests.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), t + "." + body));
  }
}
