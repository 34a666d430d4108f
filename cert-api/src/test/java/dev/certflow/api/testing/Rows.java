package dev.certflow.api.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Changes rows behind the service's back, as a restore or another installation would. */
public final class Rows {

  private Rows() {}

  /** Runs an update with string parameters; returns how many rows it changed. */
  public static int update(DataSource dataSource, String sql, String... parameters)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        update.setString(i + 1, parameters[i]);
      }
      return update.executeUpdate();
    }
  }
}
