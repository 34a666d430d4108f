package dev.certflow.notifier.kafka;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Everything the notifier writes (delivery reports, retries, dead letters) goes through one emitter
 * channel; each record names its topic and is awaited until Kafka acknowledges it.
 */
@ApplicationScoped
public class RecordPublisher {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final MutinyEmitter<Record<String, String>> out;

  RecordPublisher(@Channel("notifier-out") MutinyEmitter<Record<String, String>> out) {
    this.out = out;
  }

  /**
   * Publishes and waits for the acknowledgement.
   *
   * @throws IllegalStateException when Kafka does not take the record in time
   */
  public void send(String topic, String key, String value) {
    try {
      out.sendMessage(
              Message.of(Record.of(key, value))
                  .addMetadata(OutgoingKafkaRecordMetadata.builder().withTopic(topic).build()))
          .await()
          .atMost(TIMEOUT);
    } catch (RuntimeException e) {
      throw new IllegalStateException("publishing to " + topic + " failed", e);
    }
  }
}
