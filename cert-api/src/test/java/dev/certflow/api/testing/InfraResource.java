package dev.certflow.api.testing;

import dev.certflow.security.KeySealer;
import dev.certflow.security.RecordSignature;
import dev.certflow.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.util.Map;

/**
 * The real infrastructure for cert-api tests: a KRaft Kafka broker in this JVM and the PostgreSQL
 * database {@code certflow_test} (created when missing, emptied by Flyway at start).
 */
public class InfraResource implements QuarkusTestResourceLifecycleManager {

  public static final String ADMIN_TOKEN = "test-admin-token";
  public static final String VIEWER_TOKEN = "test-viewer-token";
  public static final String AGENT_KEY = KeySealer.generateKey();
  public static final String NOTIFY_KEY = KeySealer.generateKey();
  static final String DATABASE = "certflow_test";

  private static EmbeddedKafkaBroker broker;

  @Override
  public Map<String, String> start() {
    TestInfra.createDatabase(DATABASE);
    broker =
        new EmbeddedKafkaBroker()
            .withNodeId(0)
            .withKafkaPort(TestInfra.freePort())
            .withDeleteLogDirsOnClose(true)
            .start();
    return Map.ofEntries(
        Map.entry("kafka.bootstrap.servers", broker.getAdvertisedListeners()),
        Map.entry("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/" + DATABASE),
        Map.entry("quarkus.flyway.clean-at-start", "true"),
        Map.entry("quarkus.flyway.clean-disabled", "false"),
        Map.entry("certflow.master-key", KeySealer.generateKey()),
        Map.entry("certflow.agent-key", AGENT_KEY),
        Map.entry("certflow.signing-key", RecordSignature.generate()[0]),
        Map.entry("certflow.notify-key", NOTIFY_KEY),
        Map.entry("certflow.admin-token", ADMIN_TOKEN),
        Map.entry("certflow.viewer-tokens", VIEWER_TOKEN),
        Map.entry("certflow.agent-silent-after", "5s"),
        Map.entry("certflow.renewal-check", "1s"),
        Map.entry("certflow.acme-chains.both", "lets_encrypt,lets_encrypt_staging"));
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
}
