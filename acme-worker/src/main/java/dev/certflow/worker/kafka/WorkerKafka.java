package dev.certflow.worker.kafka;

import dev.certflow.events.Topics;
import dev.certflow.kafka.KafkaProps;
import dev.certflow.worker.config.WorkerConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The worker's one plain Kafka client: a consumer without a group for reading a compacted topic
 * whole (the nodes' tokens), which the messaging connector cannot do. Orders, results and tokens
 * travel on the connector's channels (application.properties).
 */
@ApplicationScoped
public class WorkerKafka {

  private final Map<String, Object> shared;

  WorkerKafka(@Identifier("default-kafka-broker") Map<String, Object> shared) {
    this.shared = shared;
  }

  @Produces
  @Singleton
  Topics topics(WorkerConfig config) {
    return new Topics(config.topicPrefix());
  }

  /** A consumer without a group, for reading a compacted topic whole. */
  public KafkaConsumer<String, String> consumer() {
    return new KafkaConsumer<>(
        KafkaProps.plainConsumer(shared, KafkaProps.FETCH_MAX_WAIT_MS),
        new StringDeserializer(),
        new StringDeserializer());
  }
}
