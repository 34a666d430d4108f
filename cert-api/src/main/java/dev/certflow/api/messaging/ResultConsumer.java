package dev.certflow.api.messaging;

import dev.certflow.api.service.alert.AlertHistory;
import dev.certflow.api.service.order.OrderService;
import dev.certflow.api.service.order.Revocations;
import dev.certflow.events.DeliveryReport;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.OrderResult;
import dev.certflow.events.RevocationResult;
import dev.certflow.kafka.PoisonRecords;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Applies {@code order-results} and the notifier's {@code deliveries} (one channel, the cert-api
 * consumer group), one record at a time. A record is acknowledged after its transaction, and the
 * connector commits only acknowledged offsets, so a crash re-applies rather than loses; applying
 * twice changes nothing (results are matched to pending orders by id, delivery reports are keyed by
 * alert, channel and attempt). While PostgreSQL is away the record is tried again every second; a
 * record that can never be applied is skipped and counted ({@code certflow_poison_records_total}).
 */
@ApplicationScoped
public class ResultConsumer {

  private static final Logger LOG = Logger.getLogger(ResultConsumer.class);

  private final OrderService orders;
  private final Revocations revocations;
  private final AlertHistory history;
  private final PoisonRecords poison;

  ResultConsumer(
      OrderService orders, Revocations revocations, AlertHistory history, MeterRegistry registry) {
    this.orders = orders;
    this.revocations = revocations;
    this.history = history;
    this.poison = new PoisonRecords(registry);
  }

  @Incoming("results")
  @Blocking
  public void consume(ConsumerRecord<String, String> record) throws InterruptedException {
    if (record.value() == null) {
      return;
    }
    boolean warned = false;
    while (true) {
      try {
        apply(record);
        return;
      } catch (RuntimeException e) {
        if (!Transience.isTransient(e)) {
          // Fails the same way every time (malformed, a field missing, breaking a constraint).
          poison.skip(
              record,
              e instanceof EventJson.MalformedEventException
                  ? e.getMessage()
                  : e.getClass().getSimpleName());
          return;
        }
        if (!warned) {
          LOG.warnf(
              "%s: applying the record at offset %d failed, retrying every second: %s",
              record.topic(), record.offset(), e.toString());
          warned = true;
        }
        Thread.sleep(1_000);
      }
    }
  }

  private void apply(ConsumerRecord<String, String> record) {
    var envelope = EventJson.read(record.value());
    if (EventType.ORDER_RESULT.equals(envelope.type())) {
      orders.apply(EventJson.payload(envelope, OrderResult.class));
    } else if (EventType.REVOCATION_RESULT.equals(envelope.type())) {
      revocations.apply(EventJson.payload(envelope, RevocationResult.class));
    } else if (EventType.DELIVERY_REPORT.equals(envelope.type())) {
      history.record(EventJson.payload(envelope, DeliveryReport.class));
    }
  }
}
