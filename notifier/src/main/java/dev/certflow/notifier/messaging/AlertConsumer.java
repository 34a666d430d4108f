package dev.certflow.notifier.messaging;

import dev.certflow.events.AlertDelivery;
import dev.certflow.events.AlertEvent;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.notifier.channel.Channel;
import dev.certflow.notifier.channel.ChannelDirectory;
import dev.certflow.notifier.delivery.Dispatcher;
import dev.certflow.notifier.kafka.NotifierKafka;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.jboss.logging.Logger;

/**
 * Takes alerts from the alerts topic and makes the first attempt for every channel that takes the
 * alert's category (or the one channel a test message names). The poll's offsets are committed once
 * every attempt is delivered, given up, or handed to a retry topic.
 */
@Singleton
public class AlertConsumer extends GroupLoop {

  private static final Logger LOG = Logger.getLogger(AlertConsumer.class);

  private final ChannelDirectory channels;
  private final Dispatcher dispatcher;

  AlertConsumer(NotifierKafka kafka, ChannelDirectory channels, Dispatcher dispatcher) {
    super(kafka, "alert-consumer");
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
    return List.of(kafka.topics().alerts());
  }

  @Override
  protected boolean ready() {
    return channels.ready();
  }

  @Override
  protected void poll(KafkaConsumer<String, String> consumer) throws InterruptedException {
    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
    if (records.isEmpty()) {
      return;
    }
    if (!channels.catchUp(Duration.ofSeconds(30))) {
      throw new IllegalStateException("the channels topic is not caught up; trying again");
    }
    List<AlertDelivery> deliveries = new ArrayList<>();
    for (ConsumerRecord<String, String> record : records) {
      deliveries.addAll(deliveries(record));
    }
    LOG.debugf("alerts: %d records, %d deliveries", records.count(), deliveries.size());
    dispatcher.attemptAll(deliveries).join();
    consumer.commitSync();
  }

  private List<AlertDelivery> deliveries(ConsumerRecord<String, String> record) {
    if (record.value() == null) {
      return List.of();
    }
    try {
      var envelope = EventJson.read(record.value());
      if (!EventType.ALERT.equals(envelope.type())) {
        return List.of();
      }
      AlertEvent alert = EventJson.payload(envelope, AlertEvent.class);
      List<Channel> targets =
          alert.channel() == null
              ? channels.accepting(alert.category())
              : channels.get(alert.channel()).stream().toList();
      return targets.stream()
          .map(
              c ->
                  new AlertDelivery(
                      envelope.eventId(),
                      c.name(),
                      alert,
                      envelope.occurredAt(),
                      0,
                      envelope.occurredAt()))
          .toList();
    } catch (EventJson.MalformedEventException e) {
      LOG.warnf(
          "alerts: skipping malformed record at offset %d: %s", record.offset(), e.getMessage());
      return List.of();
    }
  }
}
