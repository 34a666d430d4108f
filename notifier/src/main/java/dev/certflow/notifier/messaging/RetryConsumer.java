package dev.certflow.notifier.messaging;

import dev.certflow.events.AlertDelivery;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.kafka.PoisonRecords;
import dev.certflow.kafka.RecentKeys;
import dev.certflow.notifier.channel.ChannelDirectory;
import dev.certflow.notifier.delivery.Dispatcher;
import dev.certflow.notifier.kafka.NotifierKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Takes deliveries from the retry topics when they fall due. Each retry topic holds one delay, so
 * its records fall due in the order they were written: when a partition's next record is not due,
 * the consumer seeks back to it and pauses the partition until then. Nothing is kept but Kafka's
 * committed offsets, so a restarted notifier carries on where the last one committed.
 */
@Singleton
public class RetryConsumer extends GroupLoop {

  private final ChannelDirectory channels;
  private final Dispatcher dispatcher;
  private final PoisonRecords poison;
  private final Map<TopicPartition, Instant> pausedUntil = new ConcurrentHashMap<>();
  private final RecentKeys attempted = new RecentKeys(10_000);

  RetryConsumer(
      NotifierKafka kafka,
      ChannelDirectory channels,
      Dispatcher dispatcher,
      MeterRegistry registry) {
    super(kafka, "retry-consumer");
    this.poison = new PoisonRecords(registry);
    this.channels = channels;
    this.dispatcher = dispatcher;
  }

  void start(@Observes StartupEvent event) {
    startLoop();
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    stopLoop();
  }

  @Override
  protected Collection<String> topics() {
    return kafka.retryTopics();
  }

  @Override
  protected boolean ready() {
    return channels.ready();
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    partitions.forEach(pausedUntil::remove);
  }

  @Override
  protected void poll(KafkaConsumer<String, String> consumer) {
    Instant now = Instant.now();
    List<TopicPartition> due =
        pausedUntil.entrySet().stream()
            .filter(e -> !e.getValue().isAfter(now))
            .map(Map.Entry::getKey)
            .toList();
    if (!due.isEmpty()) {
      due.forEach(pausedUntil::remove);
      consumer.resume(due);
    }
    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
    List<AlertDelivery> ready = new ArrayList<>();
    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      for (ConsumerRecord<String, String> record : records.records(partition)) {
        AlertDelivery delivery = parse(record);
        if (delivery != null && delivery.dueAt().isAfter(now)) {
          consumer.seek(partition, record.offset());
          consumer.pause(List.of(partition));
          pausedUntil.put(partition, delivery.dueAt());
          break;
        }
        // A record read again after a rebalance cut its commit short is not delivered twice.
        if (delivery != null
            && attempted.firstTime(
                delivery.alertId() + "/" + delivery.channel() + "/" + delivery.attempt())) {
          ready.add(delivery);
        }
        done.put(partition, new OffsetAndMetadata(record.offset() + 1));
      }
    }
    if (!ready.isEmpty()) {
      dispatcher.attemptAll(ready).join();
    }
    if (!done.isEmpty()) {
      consumer.commitSync(done);
    }
  }

  private AlertDelivery parse(ConsumerRecord<String, String> record) {
    if (record.value() == null) {
      return null;
    }
    try {
      var envelope = EventJson.read(record.value());
      return EventType.ALERT_DELIVERY.equals(envelope.type())
          ? EventJson.payload(envelope, AlertDelivery.class)
          : null;
    } catch (EventJson.MalformedEventException e) {
      poison.skip(record, e.getMessage());
      return null;
    }
  }
}
