package dev.certflow.agent.testing;

import dev.certflow.events.CertificateBundle;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import dev.certflow.security.KeySealer;
import dev.certflow.security.RecordSignature;
import dev.certflow.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes bundles to the certificates topic the way cert-api does: signed, in sequence. */
public final class BundleSender {

  private static final Topics TOPICS = Topics.defaults();
  private static final RecordSignature.Signer SIGNER =
      new RecordSignature.Signer(AgentInfraResource.SIGNING_KEY[0]);
  // Above any sequence an earlier test run left in the topic: the outbox ids only grow too.
  private static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis() * 1000);

  /** The record cert-api would publish, signed under its key with the next sequence. */
  public static ProducerRecord<String, String> signed(String key, String value) {
    return signed(key, value, SEQUENCE.incrementAndGet(), SIGNER);
  }

  /** A record signed with a chosen sequence and key, for forgeries and replays. */
  public static ProducerRecord<String, String> signed(
      String key, String value, long sequence, RecordSignature.Signer signer) {
    ProducerRecord<String, String> record = new ProducerRecord<>(TOPICS.certificates(), key, value);
    record
        .headers()
        .add(
            RecordSignature.SEQUENCE_HEADER,
            Long.toString(sequence).getBytes(StandardCharsets.US_ASCII))
        .add(
            RecordSignature.SIGNATURE_HEADER,
            signer
                .sign(TOPICS.certificates(), key, sequence, value)
                .getBytes(StandardCharsets.US_ASCII));
    return record;
  }

  /** The next sequence the sender would use, without using it. */
  public static long nextSequence() {
    return SEQUENCE.get() + 1;
  }

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
                signed(
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

  /** Sends a value as it is, signed as cert-api would sign it. */
  public static void sendRaw(String key, String value) {
    sendRecord(signed(key, value));
  }

  /** Sends a record as it is, whatever its headers. */
  public static RecordMetadata sendRecord(ProducerRecord<String, String> record) {
    try (KafkaProducer<String, String> producer = producer()) {
      return await(producer.send(record));
    }
  }

  public static void delete(String name) {
    sendRaw(name, null);
  }

  private static <T> T await(Future<T> ack) {
    try {
      return ack.get(10, TimeUnit.SECONDS);
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
