package dev.certflow.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Shared set-up of the real infrastructure the tests use. */
public final class TestInfra {

  private TestInfra() {}

  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  /**
   * A TCP port free at this moment, for a server a test is about to start. Never the same port
   * twice in one JVM: the OS readily hands a just-released port out again, and two servers told the
   * same port (Vert.x even shares it silently) make tests fail at random.
   */
  public static int freePort() {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0)) {
        if (HANDED_OUT.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Drops the database on the local PostgreSQL, closing its connections, if it exists. */
  public static void dropDatabase(String name) {
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        Statement drop = connection.createStatement()) {
      drop.execute("drop database if exists \"" + name + "\" with (force)");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL on 127.0.0.1:5432 is needed for the tests (bin/certflow test starts it)", e);
    }
  }

  /** Creates the database on the local PostgreSQL (trust auth) unless it exists. */
  public static void createDatabase(String name) {
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        PreparedStatement exists =
            connection.prepareStatement("select 1 from pg_database where datname = ?")) {
      exists.setString(1, name);
      if (!exists.executeQuery().next()) {
        try (Statement create = connection.createStatement()) {
          create.execute("create database \"" + name + "\"");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL on 127.0.0.1:5432 is needed for the tests (bin/certflow test starts it)", e);
    }
  }
}
