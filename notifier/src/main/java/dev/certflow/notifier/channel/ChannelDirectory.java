package dev.certflow.notifier.channel;

import dev.certflow.events.ChannelConfig;
import dev.certflow.events.CompactedTopicFollower;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.KeySealer;
import dev.certflow.notifier.config.NotifierConfig;
import dev.certflow.notifier.messaging.NotifierKafka;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();
  private volatile boolean caughtUp;
  private CompactedTopicFollower follower;

  ChannelDirectory(NotifierKafka kafka, NotifierConfig config) {
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
      if (record.value() == null) {
        channels.remove(record.key());
        continue;
      }
      try {
        var envelope = EventJson.read(record.value());
        if (EventType.CHANNEL.equals(envelope.type())) {
          ChannelConfig config = EventJson.payload(envelope, ChannelConfig.class);
          channels.put(config.name(), open(config));
        }
      } catch (EventJson.MalformedEventException | IllegalArgumentException e) {
        LOG.warnf("channel %s: skipping unreadable record: %s", record.key(), e.getMessage());
      }
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
  }
}
