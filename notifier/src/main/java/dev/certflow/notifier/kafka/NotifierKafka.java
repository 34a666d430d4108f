package dev.certflow.notifier.kafka;

import dev.certflow.events.Topics;
import dev.certflow.kafka.KafkaProps;
import dev.certflow.notifier.config.NotifierConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The notifier's plain Kafka clients, from the shared {@code kafka.*} settings: the retry
 * consumer's group consumer, a consumer without a group for the compacted channels topic, and the
 * admin client that creates the notifier's own topics. Alerts and every record it writes travel on
 * the messaging connector's channels.
 */
@ApplicationScoped
public class NotifierKafka {

  /** The consumer group of every notifier: each alert and each retry goes to one of them. */
  static final String GROUP = "certflow-notifier";

  private final Map<String, Object> shared;
  private final Topics topics;
  private final int retryLevels;

  NotifierKafka(
      @Identifier("default-kafka-broker") Map<String, Object> shared, NotifierConfig config) {
    this.shared = shared;
    this.topics = new Topics(config.topicPrefix());
    this.retryLevels = config.notifyRetryDelays().size();
  }

  public Topics topics() {
    return topics;
  }

  /** The retry topics, one per delay. */
  public List<String> retryTopics() {
    List<String> names = new ArrayList<>();
    for (int level = 0; level < retryLevels; level++) {
      names.add(topics.alertRetries(level));
    }
    return names;
  }

  /** Creates the notifier's own topics (retries, deliveries) where they do not exist yet. */
  public void createTopics() throws InterruptedException {
    try (Admin admin = Admin.create(KafkaProps.admin(shared))) {
      List<NewTopic> wanted = new ArrayList<>();
      retryTopics().forEach(name -> wanted.add(new NewTopic(name, 6, (short) -1)));
      wanted.add(new NewTopic(topics.deliveries(), 6, (short) -1));
      wanted.add(new NewTopic(topics.alertDeadLetters(), 6, (short) -1));
      for (NewTopic topic : wanted) {
        try {
          admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("creating " + topic.name() + " failed", e.getCause());
          }
        } catch (TimeoutException e) {
          throw new IllegalStateException("creating " + topic.name() + " timed out", e);
        }
      }
    }
  }

  /** A consumer without a group, for reading the compacted channels topic whole. */
  public Consumer<String, String> plainConsumer() {
    Properties props = KafkaProps.plainConsumer(shared, KafkaProps.FETCH_MAX_WAIT_MS);
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  /** A consumer in the notifiers' group; offsets are committed by hand once work is done. */
  public KafkaConsumer<String, String> groupConsumer() {
    Properties props = KafkaProps.groupConsumer(shared, GROUP, 50, KafkaProps.FETCH_MAX_WAIT_MS);
    // The group also holds the alerts channel, which subscribes to other topics. Cooperative
    // rebalancing on both: one joining or leaving does not take the other's partitions away.
    props.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }
}
