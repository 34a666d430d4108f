package dev.certflow.api.rest;

import dev.certflow.api.service.ValidationException;
import dev.certflow.api.service.certificate.CertificateQuery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/** The opaque {@code cursor} of a list: where the previous page ended (sort key and name). */
final class PageCursor {

  private PageCursor() {}

  static String encode(CertificateQuery.Cursor cursor) {
    if (cursor == null) {
      return null;
    }
    String key =
        (cursor.rank() == null ? "" : "r" + cursor.rank() + "|")
            + (cursor.notAfter() == null ? "-" : cursor.notAfter().toString())
            + "|"
            + cursor.name();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  static CertificateQuery.Cursor decode(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      String key = new String(Base64.getUrlDecoder().decode(text.strip()), StandardCharsets.UTF_8);
      Integer rank = null;
      if (key.startsWith("r")) {
        int end = key.indexOf('|');
        if (end < 0) {
          throw new IllegalArgumentException("no separator");
        }
        rank = Integer.valueOf(key.substring(1, end));
        key = key.substring(end + 1);
      }
      int bar = key.indexOf('|');
      if (bar < 0) {
        throw new IllegalArgumentException("no separator");
      }
      String expiry = key.substring(0, bar);
      return new CertificateQuery.Cursor(
          expiry.equals("-") ? null : Instant.parse(expiry), key.substring(bar + 1), rank);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new ValidationException("cursor", "is not a cursor this API returned");
    }
  }
}
