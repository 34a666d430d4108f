package dev.certflow.agent.testing;

import dev.certflow.events.Topics;
import dev.certflow.security.KeySealer;
import dev.certflow.security.RecordSignature;
import dev.certflow.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real Kafka broker with the certflow topics, a folder for the agent's files and a reload script
 * that counts its runs and reloads the test's nginx when one runs.
 */
public class AgentInfraResource implements QuarkusTestResourceLifecycleManager {

  public static final String AGENT_KEY = KeySealer.generateKey();
  public static final String AGENT_ID = "agent-under-test";
  public static final int TLS_PORT = TestInfra.freePort();

  /** cert-api's record-signing key pair for this run: private (PKCS#8), public (X.509). */
  public static final String[] SIGNING_KEY = RecordSignature.generate();

  /** The workers' token-signing key pair for this run. */
  public static final String[] CHALLENGE_SIGNING_KEY = RecordSignature.generate();

  public static final Path WORK = createWork();
  public static final Path CERT_DIR = WORK.resolve("certs");
  public static final Path RELOADS = WORK.resolve("reloads.log");
  public static final Path NGINX = WORK.resolve("nginx");

  private static EmbeddedKafkaBroker broker;

  @Override
  public Map<String, String> start() {
    broker =
        new EmbeddedKafkaBroker()
            .withNodeId(0)
            .withKafkaPort(TestInfra.freePort())
            .withDeleteLogDirsOnClose(true)
            .start();
    createTopics();
    try {
      Files.writeString(
          WORK.resolve("reload.sh"),
          "echo reload >> "
              + RELOADS
              + "\n"
              + "if [ -f "
              + NGINX.resolve("nginx.pid")
              + " ]; then nginx -p "
              + NGINX
              + " -c nginx.conf -s reload; fi\n");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return Map.ofEntries(
        Map.entry("certflow.tls-handshake-timeout", "2s"),
        Map.entry("certflow.signing-public-key", SIGNING_KEY[1]),
        Map.entry("certflow.challenge-signing-public-key", CHALLENGE_SIGNING_KEY[1]),
        Map.entry("kafka.bootstrap.servers", broker.getAdvertisedListeners()),
        Map.entry("certflow.agent-id", AGENT_ID),
        Map.entry("certflow.agent-key", AGENT_KEY),
        Map.entry("certflow.tls-host", "127.0.0.1"),
        Map.entry("certflow.tls-port", String.valueOf(TLS_PORT)),
        Map.entry("certflow.cert-dir", CERT_DIR.toString()),
        Map.entry("certflow.reload-command", "sh " + WORK.resolve("reload.sh")),
        Map.entry("certflow.reload-debounce", "300ms"),
        Map.entry("certflow.status-interval", "2s"));
  }

  public static String bootstrapServers() {
    return broker.getAdvertisedListeners();
  }

  private static void createTopics() {
    Topics topics = Topics.defaults();
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getAdvertisedListeners()))) {
      List<NewTopic> created = new ArrayList<>();
      for (String name :
          List.of(
              topics.certificates(),
              topics.agentStatus(),
              topics.agentChallenges(),
              topics.challenges())) {
        created.add(new NewTopic(name, 3, (short) 1).configs(Map.of("cleanup.policy", "compact")));
      }
      admin.createTopics(created).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  private static Path createWork() {
    try {
      return Files.createTempDirectory("certflow-agent-test");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
