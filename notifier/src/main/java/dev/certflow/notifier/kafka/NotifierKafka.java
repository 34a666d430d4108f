package dev.certflow.notifier.kafka;

import dev.certflow.events.Topics;
import dev.certflow.kafka.KafkaProps;
import dev.certflow.notifier.config.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Kafka clients of the notifier: one shared producer, consumers made on demand. */
@ApplicationScoped
public class NotifierKafka {

  /** The consumer group of every notifier: each alert and each retry goes to one of them. */
  static final String GROUP = "certflow-notifier";

  private final String bootstrapServers;
  private final Topics topics;
  private final int retryLevels;
  private volatile Producer<String, String> producer;

  NotifierKafka(
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      NotifierConfig config) {
    this.bootstrapServers = bootstrapServers;
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
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      List<NewTopic> wanted = new ArrayList<>();
      retryTopics().forEach(name -> wanted.add(new NewTopic(name, 6, (short) -1)));
      wanted.add(new NewTopic(topics.deliveries(), 6, (short) -1));
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

  public Producer<String, String> producer() {
    if (producer == null) {
      synchronized (this) {
        if (producer == null) {
          Properties props = KafkaProps.producer(bootstrapServers, 10_000);
          producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
      }
    }
    return producer;
  }

  /** A consumer without a group, for reading the compacted channels topic whole. */
  public Consumer<String, String> plainConsumer() {
    Properties props = KafkaProps.plainConsumer(bootstrapServers, KafkaProps.FETCH_MAX_WAIT_MS);
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  /** A consumer in the notifiers' group; offsets are committed by hand once work is done. */
  public KafkaConsumer<String, String> groupConsumer() {
    Properties props =
        KafkaProps.groupConsumer(bootstrapServers, GROUP, 50, KafkaProps.FETCH_MAX_WAIT_MS);
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  public void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
