package dev.certflow.system;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver's check of {@code X-Certflow-Signature}, written as the README tells a
 * receiver to, independently of the notifier's code: {@code t=<seconds>,v1=<hex HMAC-SHA256 of
 * "t.body">}, at most 5 minutes old.
 */
final class WebhookReceiver {

  private WebhookReceiver() {}

  static boolean verified(String secret, String header, String body)
      throws GeneralSecurityException {
    if (header == null || !header.matches("t=[0-9]+,v1=[0-9a-f]{64}")) {
      return false;
    }
    String t = header.substring(2, header.indexOf(','));
    String v1 = header.substring(header.indexOf(",v1=") + 4);
    if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t)) > 300) {
      return false;
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
    return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
  }
}
