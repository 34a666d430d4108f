package dev.certflow.dns.provider.cloud;

import dev.certflow.security.Digests;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * Tencent Cloud API 3.0 signature TC3-HMAC-SHA256. The credential date is the UTC date of the very
 * timestamp that is signed and sent, so requests made around midnight stay valid.
 */
public final class TencentSigner {

  static final String ALGORITHM = "TC3-HMAC-SHA256";
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private TencentSigner() {}

  /**
   * The canonical request of a POST with an empty query.
   *
   * @param headers the signed headers, lower-case names in order, values as sent
   */
  public static String canonicalRequest(
      String method, SortedMap<String, String> headers, byte[] payload) {
    String canonicalHeaders =
        headers.entrySet().stream()
            .map(e -> e.getKey() + ":" + e.getValue().strip().toLowerCase(Locale.ROOT) + "\n")
            .collect(Collectors.joining());
    return method
        + "\n/\n\n"
        + canonicalHeaders
        + "\n"
        + String.join(";", headers.keySet())
        + "\n"
        + Digests.sha256Hex(payload);
  }

  public static String date(long timestamp) {
    return DATE.format(Instant.ofEpochSecond(timestamp));
  }

  public static String stringToSign(String service, long timestamp, String canonicalRequest) {
    return ALGORITHM
        + "\n"
        + timestamp
        + "\n"
        + date(timestamp)
        + "/"
        + service
        + "/tc3_request\n"
        + Digests.sha256Hex(canonicalRequest);
  }

  public static String signature(String secretKey, String service, long timestamp, String sts) {
    byte[] secretDate =
        Digests.hmacSha256(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date(timestamp));
    byte[] secretService = Digests.hmacSha256(secretDate, service);
    byte[] secretSigning = Digests.hmacSha256(secretService, "tc3_request");
    return Digests.hex(Digests.hmacSha256(secretSigning, sts));
  }

  /** The Authorization header for a request. */
  public static String authorization(
      String secretId,
      String secretKey,
      String service,
      long timestamp,
      SortedMap<String, String> headers,
      byte[] payload) {
    String sts = stringToSign(service, timestamp, canonicalRequest("POST", headers, payload));
    return ALGORITHM
        + " Credential="
        + secretId
        + "/"
        + date(timestamp)
        + "/"
        + service
        + "/tc3_request, SignedHeaders="
        + String.join(";", headers.keySet())
        + ", Signature="
        + signature(secretKey, service, timestamp, sts);
  }
}
