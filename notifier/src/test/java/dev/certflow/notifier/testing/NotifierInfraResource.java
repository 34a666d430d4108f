package dev.certflow.notifier.testing;

import dev.certflow.events.Topics;
import dev.certflow.security.KeySealer;
import dev.certflow.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** A real Kafka broker with the alerts and channels topics, and the notifier's settings. */
public class NotifierInfraResource implements QuarkusTestResourceLifecycleManager {

  public static final String NOTIFY_KEY = KeySealer.generateKey();
  private static EmbeddedKafkaBroker broker;

  @Override
  public Map<String, String> start() {
    broker =
        new EmbeddedKafkaBroker()
            .withNodeId(0)
            .withKafkaPort(TestInfra.freePort())
            .withDeleteLogDirsOnClose(true)
            .start();
    Topics topics = Topics.defaults();
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getAdvertisedListeners()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topics.alerts(), 3, (short) 1),
                  new NewTopic(topics.channels(), 3, (short) 1)
                      .configs(Map.of("cleanup.policy", "compact"))))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return Map.of(
        "kafka.bootstrap.servers", broker.getAdvertisedListeners(),
        "certflow.notify-key", NOTIFY_KEY,
        "certflow.notify-allow-loopback", "true",
        "certflow.notify-retry-delays", "1s,2s",
        "certflow.notify-max-age", "1m",
        "certflow.notify-hostname", "notifier-under-test");
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
