package dev.certflow.api.messaging;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Whether a failure to apply a record may pass by itself (PostgreSQL away, a deadlock, the pool
 * exhausted) or will fail the same way every time (a record that breaks a constraint, a field
 * missing): the first is tried again, the second is a poison record to skip.
 */
final class Transience {

  private Transience() {}

  static boolean isTransient(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
        return true;
      }
      if (cause instanceof SQLException sql && transientState(sql.getSQLState())) {
        return true;
      }
      String message = String.valueOf(cause.getMessage());
      if (message.contains("Acquisition timeout") || message.contains("connection is closed")) {
        return true; // the pool could not hand out a connection
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /**
   * SQLSTATE classes that name the moment, not the record: 08 connection, 40 transaction rollback
   * (deadlock, serialization), 53 insufficient resources, 57 operator intervention (shutdown).
   */
  private static boolean transientState(String state) {
    return state != null
        && (state.startsWith("08")
            || state.startsWith("40")
            || state.startsWith("53")
            || state.startsWith("57"));
  }
}
