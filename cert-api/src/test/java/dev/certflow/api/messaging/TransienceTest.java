package dev.certflow.api.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class TransienceTest {

  @Test
  void aLostConnectionOrADeadlockPassesAConstraintDoesNot() {
    assertThat(Transience.isTransient(wrapped(new SQLException("gone", "08006")))).isTrue();
    assertThat(Transience.isTransient(wrapped(new SQLException("deadlock", "40P01")))).isTrue();
    assertThat(Transience.isTransient(wrapped(new SQLTransientConnectionException("pool"))))
        .isTrue();
    assertThat(Transience.isTransient(wrapped(new SQLException("null channel", "23502"))))
        .isFalse();
    assertThat(Transience.isTransient(new NullPointerException("no field"))).isFalse();
  }

  private static RuntimeException wrapped(SQLException cause) {
    return new PersistenceException("could not execute statement", cause);
  }
}
