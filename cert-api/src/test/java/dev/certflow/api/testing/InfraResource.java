package dev.certflow.api.testing;

import dev.certflow.events.KeySealer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * The real infrastructure for cert-api tests: a KRaft Kafka broker in this JVM and the PostgreSQL
 * database {@code certflow_test} (created when missing, emptied by Flyway at start).
 */
public class InfraResource implements QuarkusTestResourceLifecycleManager {

  public static final String ADMIN_TOKEN = "test-admin-token";
  public static final String VIEWER_TOKEN = "test-viewer-token";
  public static final String AGENT_KEY = KeySealer.generateKey();
  static final String DATABASE = "certflow_test";

  private static EmbeddedKafkaBroker broker;

  @Override
  public Map<String, String> start() {
    createDatabase();
    broker =
        new EmbeddedKafkaBroker()
            .withNodeId(0)
            .withKafkaPort(freePort())
            .withDeleteLogDirsOnClose(true)
            .start();
    return Map.ofEntries(
        Map.entry("kafka.bootstrap.servers", broker.getAdvertisedListeners()),
        Map.entry("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/" + DATABASE),
        Map.entry("quarkus.flyway.clean-at-start", "true"),
        Map.entry("quarkus.flyway.clean-disabled", "false"),
        Map.entry("certflow.master-key", KeySealer.generateKey()),
        Map.entry("certflow.agent-key", AGENT_KEY),
        Map.entry("certflow.admin-token", ADMIN_TOKEN),
        Map.entry("certflow.viewer-tokens", VIEWER_TOKEN),
        Map.entry("certflow.agent-silent-after", "5s"));
  }

  public static String bootstrapServers() {
    return broker.getAdvertisedListeners();
  }

  @Override
  public void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  static void createDatabase() {
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        var exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
      exists.setString(1, DATABASE);
      if (!exists.executeQuery().next()) {
        connection.createStatement().execute("create database " + DATABASE);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL on 127.0.0.1:5432 is needed for the tests (bin/certflow test starts it)", e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
