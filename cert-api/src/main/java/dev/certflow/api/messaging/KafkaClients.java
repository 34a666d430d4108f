package dev.certflow.api.messaging;

import dev.certflow.api.config.CertflowConfig;
import dev.certflow.events.Topics;
import dev.certflow.kafka.KafkaProps;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * cert-api's plain Kafka clients, from the shared {@code kafka.*} settings: the outbox relay's
 * producer (it records where each record landed and keeps per-certificate order, see
 * docs/decisions.md), the admin client that creates topics, and a consumer without a group for
 * following the nodes' compacted status topic. Order results and delivery reports arrive on the
 * messaging connector's channels.
 */
@ApplicationScoped
public class KafkaClients {

  private final Map<String, Object> shared;

  KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> shared) {
    this.shared = shared;
  }

  @Produces
  @Singleton
  Topics topics(CertflowConfig config) {
    return new Topics(config.topicPrefix());
  }

  @Produces
  @Singleton
  Producer<String, String> producer() {
    // Bounded waits: a relay round fails fast while Kafka is away and the rows stay in the outbox.
    Properties props = KafkaProps.producer(shared, 5_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  void closeProducer(@Disposes Producer<String, String> producer) {
    producer.close(Duration.ofSeconds(5));
  }

  /** A new admin client; the caller closes it. */
  public Admin admin() {
    Properties props = KafkaProps.admin(shared);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    return Admin.create(props);
  }

  /** A new consumer without a group, for assigning partitions; the caller closes it. */
  public KafkaConsumer<String, String> consumer() {
    Properties props = KafkaProps.plainConsumer(shared, KafkaProps.FETCH_MAX_WAIT_MS);
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }
}
