package dev.certflow.dns.provider.cloud;

import dev.certflow.security.Digests;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Alibaba Cloud RPC signature version 1.0: HMAC-SHA1 over {@code METHOD&%2F&} and the sorted, RFC
 * 3986 percent-encoded parameters, keyed with the secret followed by {@code &}.
 */
public final class AliyunSigner {

  private AliyunSigner() {}

  /** RFC 3986: only A–Z, a–z, 0–9, '-', '_', '.' and '~' stay as they are; UTF-8 bytes. */
  public static String percentEncode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  /** The parameters sorted by name and encoded, as the query string and the signature use them. */
  public static String canonicalQuery(Map<String, String> parameters) {
    return new TreeMap<>(parameters)
        .entrySet().stream()
            .map(e -> percentEncode(e.getKey()) + "=" + percentEncode(e.getValue()))
            .collect(Collectors.joining("&"));
  }

  public static String stringToSign(String method, Map<String, String> parameters) {
    return method + "&" + percentEncode("/") + "&" + percentEncode(canonicalQuery(parameters));
  }

  /** The {@code Signature} parameter for the other parameters. */
  public static String signature(String secret, String method, Map<String, String> parameters) {
    return Base64.getEncoder()
        .encodeToString(
            Digests.hmac(
                "HmacSHA1",
                (secret + "&").getBytes(StandardCharsets.UTF_8),
                stringToSign(method, parameters)));
  }
}
