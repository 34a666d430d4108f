package dev.certflow.dns.provider.cloud;

import dev.certflow.security.Digests;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Huawei Cloud AK/SK signature SDK-HMAC-SHA256 (the API gateway's algorithm, used by every Huawei
 * Cloud SDK): a canonical request whose URI always ends in '/', hex HMAC-SHA256 under the secret
 * key over the algorithm, the X-Sdk-Date and the canonical request's hash.
 */
public final class HuaweiSigner {

  static final String ALGORITHM = "SDK-HMAC-SHA256";

  private HuaweiSigner() {}

  /** Each path segment percent-encoded (RFC 3986), with the trailing '/' the algorithm wants. */
  static String canonicalUri(String path) {
    String encoded =
        Arrays.stream(path.split("/", -1))
            .map(AliyunSigner::percentEncode)
            .collect(Collectors.joining("/"));
    return encoded.endsWith("/") ? encoded : encoded + "/";
  }

  static String canonicalQuery(Map<String, String> query) {
    return new TreeMap<>(query)
        .entrySet().stream()
            .map(
                e ->
                    AliyunSigner.percentEncode(e.getKey())
                        + "="
                        + AliyunSigner.percentEncode(e.getValue()))
            .collect(Collectors.joining("&"));
  }

  /**
   * The canonical request.
   *
   * @param headers the signed headers: lower-case names in order, values as sent
   */
  public static String canonicalRequest(
      String method,
      String path,
      Map<String, String> query,
      SortedMap<String, String> headers,
      byte[] body) {
    return method
        + "\n"
        + canonicalUri(path)
        + "\n"
        + canonicalQuery(query)
        + "\n"
        + headers.entrySet().stream()
            .map(e -> e.getKey() + ":" + e.getValue().strip() + "\n")
            .collect(Collectors.joining())
        + "\n"
        + String.join(";", headers.keySet())
        + "\n"
        + Digests.sha256Hex(body);
  }

  public static String stringToSign(String sdkDate, String canonicalRequest) {
    return ALGORITHM + "\n" + sdkDate + "\n" + Digests.sha256Hex(canonicalRequest);
  }

  public static String signature(String secretKey, String stringToSign) {
    return Digests.hex(
        Digests.hmacSha256(secretKey.getBytes(StandardCharsets.UTF_8), stringToSign));
  }

  public static String authorization(
      String accessKey, SortedMap<String, String> headers, String signature) {
    return ALGORITHM
        + " Access="
        + accessKey
        + ", SignedHeaders="
        + String.join(";", headers.keySet())
        + ", Signature="
        + signature;
  }
}
