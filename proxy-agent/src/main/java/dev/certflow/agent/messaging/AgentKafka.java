package dev.certflow.agent.messaging;

import dev.certflow.agent.config.AgentConfig;
import dev.certflow.agent.store.BundleDecoder;
import dev.certflow.events.Topics;
import dev.certflow.kafka.KafkaProps;
import dev.certflow.security.KeySealer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Kafka clients and the contract objects the agent needs. */
@ApplicationScoped
public class AgentKafka {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

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
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, KafkaProps.FETCH_MAX_WAIT_MS);
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  KafkaProducer<String, String> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }
}
