package dev.certflow.api.service;

import java.time.Instant;

/** Values of native query rows, whose types depend on the JDBC driver's mapping. */
public final class SqlValues {

  private SqlValues() {}

  public static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof java.sql.Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof java.time.OffsetDateTime o) {
      return o.toInstant();
    }
    return (Instant) value;
  }
}
