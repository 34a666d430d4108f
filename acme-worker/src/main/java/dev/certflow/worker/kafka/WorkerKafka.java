package dev.certflow.worker.kafka;

import dev.certflow.events.Topics;
import dev.certflow.kafka.KafkaProps;
import dev.certflow.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
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
          Properties props = KafkaProps.producer(bootstrapServers, 10_000);
          producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
      }
    }
    return producer;
  }

  /** A consumer without a group, for reading a compacted topic whole. */
  public KafkaConsumer<String, String> consumer() {
    Properties props = KafkaProps.plainConsumer(bootstrapServers, KafkaProps.FETCH_MAX_WAIT_MS);
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  /**
   * A consumer in the workers' group that fetches at most as many orders as the worker works on at
   * once. Cooperative rebalancing: a worker joining or leaving moves only the partitions that
   * change hands, so the others' orders are not interrupted.
   */
  public KafkaConsumer<String, String> orderConsumer(int concurrency) {
    Properties props =
        KafkaProps.groupConsumer(
            bootstrapServers, GROUP, concurrency, KafkaProps.FETCH_MAX_WAIT_MS);
    props.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  public void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
