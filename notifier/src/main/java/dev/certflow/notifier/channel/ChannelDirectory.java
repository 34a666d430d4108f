package dev.certflow.notifier.channel;

import dev.certflow.events.ChannelConfig;
import dev.certflow.events.ChannelType;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.kafka.CertApiRecords;
import dev.certflow.kafka.CompactedTopicFollower;
import dev.certflow.kafka.PoisonRecords;
import dev.certflow.notifier.config.NotifierConfig;
import dev.certflow.notifier.kafka.NotifierKafka;
import dev.certflow.security.KeySealer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The channels, read whole from the compacted channels topic on every start and followed after: the
 * notifier keeps nothing on disk. URLs and secrets are opened here, in memory only.
 */
@ApplicationScoped
public class ChannelDirectory implements CompactedTopicFollower.Handler {

  private static final Logger LOG = Logger.getLogger(ChannelDirectory.class);

  private final NotifierKafka kafka;
  private final KeySealer sealer;
  private final PoisonRecords poison;
  private final CertApiRecords signatures;
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();
  private volatile boolean caughtUp;

  /** The next offset to read, per partition of the channels topic, as far as applied. */
  private final Map<Integer, Long> applied = new ConcurrentHashMap<>();

  private Consumer<String, String> offsets;
  private CompactedTopicFollower follower;

  ChannelDirectory(NotifierKafka kafka, NotifierConfig config, MeterRegistry registry) {
    this.poison = new PoisonRecords(registry);
    this.signatures = new CertApiRecords(config.signingPublicKey().orElse(null));
    if (!signatures.checking()) {
      LOG.warn(
          "CERTFLOW_SIGNING_PUBLIC_KEY is not set: channels and alerts are taken without checking"
              + " that cert-api signed them");
    }
    this.kafka = kafka;
    this.sealer = KeySealer.fromBase64(config.notifyKey());
  }

  void start(@Observes StartupEvent event) {
    follower =
        new CompactedTopicFollower(kafka.topics().channels(), kafka::plainConsumer, this).start();
  }

  void stop(@Observes ShutdownEvent event) {
    if (follower != null) {
      follower.close();
    }
    synchronized (this) {
      if (offsets != null) {
        offsets.close();
      }
    }
  }

  /** Whether every channel published before start-up is known. */
  public boolean ready() {
    return caughtUp;
  }

  public Optional<Channel> get(String name) {
    return Optional.ofNullable(channels.get(name));
  }

  /** The enabled channels that take alerts of this category. */
  public List<Channel> accepting(String category) {
    return channels.values().stream().filter(c -> c.accepts(category)).toList();
  }

  @Override
  public void onBatch(ConsumerRecords<String, String> records) {
    for (ConsumerRecord<String, String> record : records) {
      apply(record);
      // Only once the record is in the map: catchUp() relies on it.
      applied.merge(record.partition(), record.offset() + 1, Math::max);
    }
  }

  private void apply(ConsumerRecord<String, String> record) {
    String forged = signatures.forged(record);
    if (forged != null) {
      // A forged removal or channel changes nothing: the channel stays as cert-api set it.
      poison.skip(record, forged);
      return;
    }
    if (record.value() == null) {
      LOG.infof("channel %s: removed", record.key());
      channels.remove(record.key());
      return;
    }
    try {
      var envelope = EventJson.read(record.value());
      if (EventType.CHANNEL.equals(envelope.type())) {
        ChannelConfig config = EventJson.payload(envelope, ChannelConfig.class);
        channels.put(config.name(), open(config));
        LOG.infof(
            "channel %s: %s, %s",
            config.name(), config.type(), config.enabled() ? "enabled" : "disabled");
      }
    } catch (KeySealer.SealException e) {
      // Sealed under a notify key this notifier does not hold (the key rotated on cert-api
      // first): the channel is unusable here, the others are not. Its earlier state is dropped
      // rather than kept stale.
      channels.remove(record.key());
      poison.skip(
          record,
          "its URL or secret does not open under CERTFLOW_NOTIFY_KEY (give this notifier the"
              + " key cert-api seals with)");
    } catch (RuntimeException e) {
      // One bad record must not stop the follower: the next ones still apply.
      poison.skip(record, e.getMessage());
    }
  }

  private Channel open(ChannelConfig config) {
    byte[] aad = config.name().getBytes(StandardCharsets.UTF_8);
    String url = new String(sealer.open(config.sealedUrl(), aad), StandardCharsets.UTF_8);
    String secret =
        config.sealedSecret() == null
            ? null
            : new String(sealer.open(config.sealedSecret(), aad), StandardCharsets.UTF_8);
    ChannelType type =
        ChannelType.of(config.type())
            .orElseThrow(() -> new IllegalArgumentException("unknown type " + config.type()));
    return new Channel(
        config.name(), url, type, new HashSet<>(config.categories()), secret, config.enabled());
  }

  /**
   * Waits until every channel record in Kafka now is applied. cert-api publishes a channel before
   * any alert that names it, so an alert consumer that calls this first never misses a channel that
   * was created just before the alert.
   *
   * @return false when the directory did not catch up in time
   */
  public synchronized boolean catchUp(Duration timeout) throws InterruptedException {
    if (offsets == null) {
      offsets = kafka.plainConsumer();
    }
    String topic = kafka.topics().channels();
    List<TopicPartition> partitions =
        offsets.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    offsets.assign(partitions);
    Map<TopicPartition, Long> ends = offsets.endOffsets(partitions);
    LOG.debugf("channels: end offsets %s, applied %s", ends, applied);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (ends.entrySet().stream()
        .anyMatch(e -> e.getValue() > applied.getOrDefault(e.getKey().partition(), 0L))) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  @Override
  public void onCaughtUp() {
    caughtUp = true;
  }

  @Override
  public void onTopicMissing() {
    caughtUp = true; // no channel was ever published
  }

  @Override
  public void onRestart() {
    channels.clear();
    signatures.reset();
    applied.clear();
  }
}
