package dev.certflow.worker.messaging;

import dev.certflow.events.Topics;
import dev.certflow.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Kafka clients of the worker: one shared producer, consumers made on demand. */
@ApplicationScoped
public class WorkerKafka {

  /** The consumer group every worker joins: each order goes to one worker. */
  static final String GROUP = "certflow-acme-worker";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  private volatile Producer<String, String> producer;

  @Produces
  @Singleton
  Topics topics(WorkerConfig config) {
    return new Topics(config.topicPrefix());
  }

  public Producer<String, String> producer() {
    if (producer == null) {
      synchronized (this) {
        if (producer == null) {
          Properties props = new Properties();
          props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
          props.put(ProducerConfig.ACKS_CONFIG, "all");
          props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
          props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
          props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
          producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
      }
    }
    return producer;
  }

  /** A consumer without a group, for reading a compacted topic whole. */
  public KafkaConsumer<String, String> consumer() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  /**
   * A consumer in the workers' group, one order at a time: the offset is committed only after the
   * result is published, so a worker killed mid-order leaves the order to another.
   */
  public KafkaConsumer<String, String> orderConsumer() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 600_000);
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  void close() {
    if (producer != null) {
      producer.close(java.time.Duration.ofSeconds(5));
    }
  }
}
