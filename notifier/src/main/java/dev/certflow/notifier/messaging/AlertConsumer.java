package dev.certflow.notifier.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.certflow.events.AlertDelivery;
import dev.certflow.events.AlertEvent;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.kafka.CertApiRecords;
import dev.certflow.kafka.PoisonRecords;
import dev.certflow.kafka.RecentKeys;
import dev.certflow.notifier.channel.Channel;
import dev.certflow.notifier.channel.ChannelDirectory;
import dev.certflow.notifier.config.NotifierConfig;
import dev.certflow.notifier.delivery.Dispatcher;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes alerts from the alerts topic (the notifiers' consumer group) and makes the first attempt
 * for every channel that takes the alert's category (or the one channel a test message names),
 * several alerts at once on the {@code alerts} pool. An alert is acknowledged once every attempt is
 * delivered, given up, or handed to a retry topic; the throttled commit strategy commits only below
 * the earliest unacknowledged alert.
 */
@ApplicationScoped
public class AlertConsumer {

  private static final Logger LOG = Logger.getLogger(AlertConsumer.class);
  private static final Duration CATCH_UP = Duration.ofSeconds(30);

  private final ChannelDirectory channels;
  private final Dispatcher dispatcher;
  private final PoisonRecords poison;
  private final RecentKeys recent = new RecentKeys(10_000);
  private final CertApiRecords signatures;

  AlertConsumer(
      ChannelDirectory channels,
      Dispatcher dispatcher,
      NotifierConfig config,
      MeterRegistry registry) {
    this.poison = new PoisonRecords(registry);
    this.signatures = new CertApiRecords(config.signingPublicKey().orElse(null));
    this.channels = channels;
    this.dispatcher = dispatcher;
  }

  @Incoming("alerts")
  @Blocking(value = "alerts", ordered = false)
  public void consume(ConsumerRecord<String, String> record) throws InterruptedException {
    List<AlertDelivery> deliveries = deliveries(record);
    if (deliveries == null) {
      return;
    }
    dispatcher.attemptAll(deliveries).join();
  }

  /** The first attempts the record asks for, once the channels are known; null for none. */
  private List<AlertDelivery> deliveries(ConsumerRecord<String, String> record)
      throws InterruptedException {
    if (record.value() == null) {
      return null;
    }
    String unsigned = signatures.unsigned(record);
    if (unsigned != null) {
      poison.skip(record, unsigned);
      return null;
    }
    AlertEvent alert;
    Envelope<JsonNode> envelope;
    try {
      envelope = EventJson.read(record.value());
      if (!EventType.ALERT.equals(envelope.type())) {
        return null;
      }
      alert = EventJson.payload(envelope, AlertEvent.class);
    } catch (EventJson.MalformedEventException e) {
      poison.skip(record, e.getMessage());
      return null;
    }
    if (!recent.firstTime(envelope.eventId())) {
      LOG.infof("alert %s arrived again: skipped, it was dispatched already", envelope.eventId());
      return null;
    }
    // A channel added just before the alert must receive it: read the channels topic to its end.
    while (!channels.catchUp(CATCH_UP)) {
      LOG.warnf("alerts: the channels topic is not caught up after %s; waiting", CATCH_UP);
    }
    List<Channel> targets =
        alert.channel() == null
            ? channels.accepting(alert.category())
            : channels.get(alert.channel()).stream().toList();
    Envelope<JsonNode> head = envelope;
    return targets.stream()
        .map(
            c ->
                new AlertDelivery(
                    head.eventId(), c.name(), alert, head.occurredAt(), 0, head.occurredAt()))
        .toList();
  }
}
