package dev.certflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.certflow.events.AlertEvent;
import dev.certflow.events.ChallengeToken;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.OrderCommand;
import dev.certflow.events.OrderResult;
import dev.certflow.events.Topics;
import dev.certflow.testing.TestPki;
import dev.certflow.testing.TlsProbe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Someone holding an edge node's Kafka credentials (or none at all) attacks the broker: every
 * forgery the security review found is refused by the broker's ACLs, nothing is served or stored,
 * and the broker's audit log names each attempt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileKafkaSystemTest {

  private static final String NAME = "guarded";
  private static final String DOMAIN = "guarded.example.test";

  private final Topics topics = Topics.defaults();
  private LocalCluster cluster;
  private LocalCluster.Agent agent;
  private String serial;

  @BeforeAll
  void start() throws Exception {
    cluster = new LocalCluster();
    cluster.startKafka();
    cluster.startCertApi(true);
    agent = cluster.startAgent("agent-1", "127.0.0.71", Map.of());
    TestPki.Issued leaf = TestPki.leaf(TestPki.rootCa("hostile root"), 90, DOMAIN);
    serial = leaf.certificate().getSerialNumber().toString(16);
    cluster
        .admin()
        .body(
            Map.of(
                "name", NAME,
                "tls_cert", TestPki.pem(leaf.certificate()),
                "tls_key", leaf.pkcs8Pem()))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    await().atMost(Duration.ofSeconds(30)).until(() -> serial.equals(served()));
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void anAgentsCredentialsForgeNothing() throws Exception {
    Properties stolen = cluster.kafka().client("agent-1");
    // What the node may read, it can replay: the certificate's own signed record.
    ConsumerRecord<String, String> bundle = read(stolen, topics.certificates(), NAME);
    String order =
        EventJson.write(
            Envelope.of(
                EventType.ORDER,
                new OrderCommand(
                    "o-forged",
                    NAME,
                    List.of(DOMAIN),
                    "lets_encrypt",
                    "",
                    OrderCommand.HTTP_01,
                    null,
                    null,
                    false,
                    null,
                    null)));
    List<ProducerRecord<String, String>> forgeries =
        List.of(
            record(
                topics.challenges(),
                "forged-token",
                EventJson.write(
                    Envelope.of(
                        EventType.CHALLENGE,
                        new ChallengeToken("forged-token", "forged-token.answer", "o-forged")))),
            withHeaders(
                record(topics.certificates(), NAME, bundle.value().replace(DOMAIN, "evil.test")),
                bundle),
            withHeaders(record(topics.certificates(), NAME, bundle.value()), bundle),
            record(topics.certificates(), NAME, null),
            record(topics.orders(), NAME, order),
            record(
                topics.orderResults(),
                NAME,
                EventJson.write(
                    Envelope.of(
                        EventType.ORDER_RESULT,
                        OrderResult.issued("o-forged", NAME, "-----BEGIN CERTIFICATE-----")))),
            record(
                topics.alerts(),
                NAME,
                EventJson.write(
                    Envelope.of(
                        EventType.ALERT,
                        new AlertEvent("expiry", "critical", NAME, List.of(DOMAIN), "forged")))),
            record(topics.channels(), "forged-channel", "{}"));
    for (ProducerRecord<String, String> forgery : forgeries) {
      try (KafkaProducer<String, String> producer = producer(stolen)) {
        assertThat(chain(catchThrowable(() -> producer.send(forgery).get(30, TimeUnit.SECONDS))))
            .as("writing to %s with an agent's credentials", forgery.topic())
            .hasAtLeastOneElementOfType(AuthorizationException.class);
      }
    }
    // Reading what is not the node's: orders (the control plane's commands) and cert-api's group.
    assertThat(chain(catchThrowable(() -> read(stolen, topics.orders(), NAME))))
        .hasAtLeastOneElementOfType(AuthorizationException.class);
    Properties group = new Properties();
    group.putAll(stolen);
    group.put("group.id", "certflow-cert-api");
    try (KafkaConsumer<String, String> consumer = consumer(group)) {
      consumer.subscribe(List.of(topics.certificates()));
      assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
          .isInstanceOf(AuthorizationException.class);
    }

    // Nothing changed: the node serves the uploaded certificate, cert-api holds version 1 and
    // ordered nothing, and the broker's audit log names every refusal.
    assertThat(served()).isEqualTo(serial);
    cluster
        .admin()
        .get("/api/v1/certificates/" + NAME)
        .then()
        .statusCode(200)
        .body("version", equalTo(1))
        .body("domains[0]", equalTo(DOMAIN));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(deniedLines("User:agent-1"))
                    .hasSizeGreaterThanOrEqualTo(forgeries.size() + 2));
  }

  @Test
  void withoutCredentialsNothingConnects() throws Exception {
    Properties plaintext = new Properties();
    plaintext.put("bootstrap.servers", cluster.kafka().bootstrap());
    assertThatThrownBy(() -> describeCluster(plaintext)).isNotNull();

    Properties wrongPassword = cluster.kafka().client("agent-1");
    wrongPassword.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"agent-1\""
            + " password=\"guessed\";");
    assertThat(chain(catchThrowable(() -> describeCluster(wrongPassword))))
        .hasAtLeastOneElementOfType(SaslAuthenticationException.class);

    Properties untrusted = cluster.kafka().client("agent-1");
    untrusted.remove("ssl.truststore.type");
    untrusted.remove("ssl.truststore.location");
    assertThat(chain(catchThrowable(() -> describeCluster(untrusted))))
        .hasAtLeastOneElementOfType(SslAuthenticationException.class);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        Files.readAllLines(
                            cluster.work.resolve("kafka.log"), StandardCharsets.UTF_8))
                    .anyMatch(line -> line.contains("Failed authentication")));
    assertThat(served()).isEqualTo(serial);
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** A throwable and its causes; empty when nothing was thrown. */
  private static List<Throwable> chain(Throwable thrown) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  private String served() {
    return TlsProbe.serial(agent.ip(), agent.tlsPort(), DOMAIN);
  }

  private List<String> deniedLines(String principal) throws Exception {
    List<String> lines = new ArrayList<>();
    for (String line :
        Files.readAllLines(cluster.work.resolve("kafka.log"), StandardCharsets.UTF_8)) {
      if (line.contains("Principal = " + principal) && line.contains("is Denied")) {
        lines.add(line);
      }
    }
    return lines;
  }

  private static void describeCluster(Properties props) throws Exception {
    Properties admin = new Properties();
    admin.putAll(props);
    admin.put("default.api.timeout.ms", "10000");
    admin.put("request.timeout.ms", "5000");
    try (Admin client = Admin.create(admin)) {
      client.describeCluster().nodes().get(15, TimeUnit.SECONDS);
    }
  }

  private static ProducerRecord<String, String> record(String topic, String key, String value) {
    return new ProducerRecord<>(topic, key, value);
  }

  private static ProducerRecord<String, String> withHeaders(
      ProducerRecord<String, String> record, ConsumerRecord<String, String> from) {
    from.headers().forEach(header -> record.headers().add(header));
    return record;
  }

  private static KafkaProducer<String, String> producer(Properties client) {
    Properties props = new Properties();
    props.putAll(client);
    props.put("max.block.ms", "15000");
    props.put("delivery.timeout.ms", "20000");
    props.put("request.timeout.ms", "10000");
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(Properties client) {
    Properties props = new Properties();
    props.putAll(client);
    props.put("enable.auto.commit", "false");
    props.put("auto.offset.reset", "earliest");
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  /** The newest record of {@code key} on a topic, read whole without a group. */
  private ConsumerRecord<String, String> read(Properties client, String topic, String key) {
    try (KafkaConsumer<String, String> consumer = consumer(client)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(15));
      ConsumerRecord<String, String> found = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          if (key.equals(record.key())) {
            found = record;
          }
        }
      }
      assertThat(found).as("a record of %s on %s", key, topic).isNotNull();
      return found;
    }
  }
}
