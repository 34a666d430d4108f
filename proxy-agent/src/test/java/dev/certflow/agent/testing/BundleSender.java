package dev.certflow.agent.testing;

import dev.certflow.events.CertificateBundle;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import dev.certflow.security.KeySealer;
import dev.certflow.testing.TestPki;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes bundles to the certificates topic the way cert-api does. */
public final class BundleSender {

  private static final Topics TOPICS = Topics.defaults();

  private BundleSender() {}

  public static CertificateBundle bundle(
      String name,
      int version,
      TestPki.Issued leaf,
      boolean isDefault,
      boolean isCa,
      List<String> domains) {
    String sealed =
        KeySealer.fromBase64(AgentInfraResource.AGENT_KEY)
            .seal(leaf.keyPair().getPrivate().getEncoded(), CertificateBundle.keyAad(name));
    return new CertificateBundle(
        name,
        version,
        domains,
        isDefault,
        isCa,
        leaf.certPem(),
        sealed,
        leaf.serialHex(),
        leaf.certificate().getNotBefore().toInstant(),
        leaf.certificate().getNotAfter().toInstant());
  }

  public static void send(CertificateBundle... bundles) {
    sendAll(List.of(bundles));
  }

  /** Sends the bundles in order; returns where each landed. */
  public static List<RecordMetadata> sendAll(List<CertificateBundle> bundles) {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try (KafkaProducer<String, String> producer = producer()) {
      for (CertificateBundle bundle : bundles) {
        acks.add(
            producer.send(
                new ProducerRecord<>(
                    TOPICS.certificates(),
                    bundle.name(),
                    EventJson.write(Envelope.of(EventType.CERTIFICATE_BUNDLE, bundle)))));
      }
      List<RecordMetadata> landed = new ArrayList<>();
      for (var ack : acks) {
        try {
          landed.add(ack.get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
          throw new IllegalStateException("sending to Kafka failed", e);
        }
      }
      return landed;
    }
  }

  public static void sendRaw(String key, String value) {
    try (KafkaProducer<String, String> producer = producer()) {
      await(producer.send(new ProducerRecord<>(TOPICS.certificates(), key, value)));
    }
  }

  public static void delete(String name) {
    sendRaw(name, null);
  }

  private static void await(Future<?> ack) {
    try {
      ack.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("sending to Kafka failed", e);
    }
  }

  private static KafkaProducer<String, String> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, AgentInfraResource.bootstrapServers());
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }
}
