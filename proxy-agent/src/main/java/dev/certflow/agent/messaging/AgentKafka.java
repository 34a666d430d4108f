package dev.certflow.agent.messaging;

import dev.certflow.agent.config.AgentConfig;
import dev.certflow.agent.store.BundleDecoder;
import dev.certflow.events.Topics;
import dev.certflow.kafka.KafkaProps;
import dev.certflow.security.KeySealer;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The agent's Kafka clients, from the shared {@code kafka.*} settings, and the contract objects it
 * needs. Plain clients only: a node reads every compacted topic whole on each start and must know
 * when it has caught up (docs/decisions.md).
 */
@ApplicationScoped
public class AgentKafka {

  private final Map<String, Object> shared;

  AgentKafka(@Identifier("default-kafka-broker") Map<String, Object> shared) {
    this.shared = shared;
  }

  @Produces
  @Singleton
  Topics topics(AgentConfig config) {
    return new Topics(config.topicPrefix());
  }

  @Produces
  @Singleton
  BundleDecoder decoder(AgentConfig config) {
    String key =
        config
            .agentKey()
            .filter(k -> !k.isBlank())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "CERTFLOW_AGENT_KEY is not set: give the same base64 key as cert-api's"));
    try {
      return new BundleDecoder(KeySealer.fromBase64(key));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("CERTFLOW_AGENT_KEY is unusable: " + e.getMessage());
    }
  }

  /**
   * A consumer with no group: the agent assigns itself every partition and reads from the start on
   * every boot, so each node rebuilds its whole state by itself.
   */
  public KafkaConsumer<String, String> consumer() {
    Properties props = KafkaProps.plainConsumer(shared, KafkaProps.FETCH_MAX_WAIT_MS);
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  KafkaProducer<String, String> producer() {
    Properties props = KafkaProps.producer(shared, 5_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }
}
