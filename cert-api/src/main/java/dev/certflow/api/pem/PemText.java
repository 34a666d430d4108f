package dev.certflow.api.pem;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Accepts PEM as is, or base64 of PEM (as some tools and UIs send files). */
final class PemText {

  private PemText() {}

  static String normalize(String text) throws PemException {
    String trimmed = text.strip();
    if (trimmed.contains("-----BEGIN ")) {
      return trimmed;
    }
    try {
      String decoded =
          new String(Base64.getMimeDecoder().decode(trimmed), StandardCharsets.UTF_8).strip();
      if (decoded.contains("-----BEGIN ")) {
        return decoded;
      }
    } catch (IllegalArgumentException e) {
      // not base64 either: fall through to the error below
    }
    throw new PemException("is not PEM (no -----BEGIN line), nor base64 of PEM");
  }
}
