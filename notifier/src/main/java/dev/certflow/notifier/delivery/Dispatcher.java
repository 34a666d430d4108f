package dev.certflow.notifier.delivery;

import dev.certflow.events.AlertDelivery;
import dev.certflow.events.DeliveryReport;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.notifier.channel.Channel;
import dev.certflow.notifier.channel.ChannelDirectory;
import dev.certflow.notifier.config.NotifierConfig;
import dev.certflow.notifier.format.Message;
import dev.certflow.notifier.format.MessageFormatter;
import dev.certflow.notifier.format.Outcome;
import dev.certflow.notifier.kafka.NotifierKafka;
import dev.certflow.notifier.kafka.RecordPublisher;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Makes one attempt to deliver an alert to a channel, on a bounded pool so that a slow endpoint
 * holds one thread, not the others. A failure that may pass goes to the retry topic of its delay
 * (exponential: each attempt waits longer, the last delay repeats) until the alert is older than
 * the maximum age, and one given up goes to the dead-letter topic; every attempt's outcome is
 * reported on the deliveries topic. All three through one emitter, each record naming its topic and
 * awaited until Kafka acknowledges it: the returned future completes once the retry and the report
 * are in Kafka, so consumers commit only then.
 */
@ApplicationScoped
public class Dispatcher {

  private static final Logger LOG = Logger.getLogger(Dispatcher.class);

  private final ChannelDirectory channels;
  private final NotifierKafka kafka;
  private final NotifierConfig config;
  private final MessageFormatter formatter;
  private final Sender sender;
  private final ExecutorService pool;
  private final RecordPublisher publisher;

  Dispatcher(
      ChannelDirectory channels,
      NotifierKafka kafka,
      NotifierConfig config,
      RecordPublisher publisher) {
    this.channels = channels;
    this.kafka = kafka;
    this.publisher = publisher;
    this.config = config;
    this.formatter = new MessageFormatter(config.notifyHostname().orElseGet(Dispatcher::hostname));
    this.sender =
        new Sender(new DestinationGuard(config.notifyAllowLoopback(), config.notifyAllowPrivate()));
    this.pool =
        Executors.newFixedThreadPool(
            config.notifyConcurrency(),
            r -> {
              Thread thread = new Thread(r, "delivery");
              thread.setDaemon(true);
              return thread;
            });
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Attempts every delivery, and completes when all are settled in Kafka. */
  public CompletableFuture<Void> attemptAll(List<AlertDelivery> deliveries) {
    return CompletableFuture.allOf(
        deliveries.stream()
            .map(d -> CompletableFuture.runAsync(() -> attempt(d), pool))
            .toArray(CompletableFuture[]::new));
  }

  private void attempt(AlertDelivery delivery) {
    int attempt = delivery.attempt() + 1;
    Optional<Channel> channel = channels.get(delivery.channel());
    if (channel.isEmpty() || !channel.get().enabled()) {
      report(delivery, attempt, "failed", "the channel was removed or disabled");
      return;
    }
    Instant now = Instant.now();
    Message message =
        formatter.format(
            channel.get(),
            delivery.alert(),
            delivery.alertId() + ":" + delivery.channel(),
            delivery.occurredAt(),
            now);
    Outcome outcome;
    try {
      outcome = sender.send(channel.get().type(), message);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    if (outcome.delivered()) {
      report(delivery, attempt, "delivered", outcome.detail());
      return;
    }
    Instant giveUpAt = delivery.occurredAt().plus(config.notifyMaxAge());
    List<Duration> delays = config.notifyRetryDelays();
    int level = Math.min(attempt - 1, delays.size() - 1);
    Instant dueAt = now.plus(delays.get(level));
    if (!outcome.retryable() || dueAt.isAfter(giveUpAt)) {
      LOG.warnf(
          "alert %s for %s to channel %s: giving up after attempt %d: %s",
          delivery.alertId(),
          delivery.alert().certificate(),
          delivery.channel(),
          attempt,
          outcome.detail());
      send(
          kafka.topics().alertDeadLetters(),
          delivery.alertId(),
          EventJson.write(Envelope.of(EventType.ALERT_DELIVERY, delivery)));
      report(delivery, attempt, "failed", outcome.detail());
      return;
    }
    AlertDelivery next =
        new AlertDelivery(
            delivery.alertId(),
            delivery.channel(),
            delivery.alert(),
            delivery.occurredAt(),
            attempt,
            dueAt);
    send(
        kafka.topics().alertRetries(level),
        delivery.alertId(),
        EventJson.write(Envelope.of(EventType.ALERT_DELIVERY, next)));
    report(delivery, attempt, "retrying", outcome.detail() + "; next attempt at " + dueAt);
  }

  private void report(AlertDelivery delivery, int attempt, String outcome, String detail) {
    LOG.infof(
        "alert %s (%s, certificate '%s') to channel %s, attempt %d: %s (%s)",
        delivery.alertId(),
        delivery.alert().category(),
        delivery.alert().certificate(),
        delivery.channel(),
        attempt,
        outcome,
        detail);
    DeliveryReport report =
        new DeliveryReport(
            delivery.alertId(),
            delivery.alert().certificate(),
            delivery.channel(),
            attempt,
            outcome,
            detail,
            Instant.now());
    send(
        kafka.topics().deliveries(),
        delivery.alertId(),
        EventJson.write(Envelope.of(EventType.DELIVERY_REPORT, report)));
  }

  private void send(String topic, String key, String value) {
    publisher.send(topic, key, value);
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "certflow";
    }
  }
}
