package dev.certflow.worker.messaging;

import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.OrderCommand;
import dev.certflow.events.OrderResult;
import dev.certflow.events.RevocationCommand;
import dev.certflow.events.RevocationResult;
import dev.certflow.kafka.CertApiRecords;
import dev.certflow.kafka.PoisonRecords;
import dev.certflow.kafka.RecentKeys;
import dev.certflow.worker.config.WorkerConfig;
import dev.certflow.worker.order.OrderProcessor;
import dev.certflow.worker.revocation.RevocationProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes orders (and revocations) from {@code certflow.orders} in the workers' consumer group and
 * works on up to {@code CERTFLOW_CONCURRENCY} at once, whichever partitions they come from
 * ({@code @Blocking} on the {@code orders} worker pool, unordered), answering each on {@code
 * certflow.order-results}. The connector's throttled commit strategy commits only below the
 * earliest unfinished order, and an order is acknowledged only after its result is: a worker killed
 * mid-order leaves every unfinished order to be redelivered; cert-api stores at most one version
 * per order.
 */
@ApplicationScoped
public class OrderConsumer {

  private static final Logger LOG = Logger.getLogger(OrderConsumer.class);
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

  private final OrderProcessor processor;
  private final RevocationProcessor revocations;
  private final InFlightOrders inFlight;
  private final MutinyEmitter<Record<String, String>> results;
  private final PoisonRecords poison;
  private final RecentKeys recent = new RecentKeys(10_000);
  private final CertApiRecords signatures;

  OrderConsumer(
      OrderProcessor processor,
      RevocationProcessor revocations,
      InFlightOrders inFlight,
      @Channel("order-results") MutinyEmitter<Record<String, String>> results,
      WorkerConfig config,
      MeterRegistry registry) {
    this.poison = new PoisonRecords(registry);
    this.signatures = new CertApiRecords(config.signingPublicKey().orElse(null));
    if (!signatures.checking()) {
      LOG.warn(
          "CERTFLOW_SIGNING_PUBLIC_KEY is not set: orders are worked on without checking that"
              + " cert-api signed them");
    }
    this.processor = processor;
    this.revocations = revocations;
    this.inFlight = inFlight;
    this.results = results;
  }

  @Incoming("orders")
  @Blocking(value = "orders", ordered = false)
  public void consume(ConsumerRecord<String, String> record) throws InterruptedException {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    inFlight.started(partition, record.offset());
    try {
      handle(record);
    } catch (RuntimeException e) {
      // Committed past rather than retried here, which could loop on a record that always fails:
      // cert-api places an order without a result again after CERTFLOW_ORDER_TIMEOUT.
      LOG.errorf(e, "order at offset %d failed unexpectedly", record.offset());
    } finally {
      inFlight.finished(partition, record.offset());
    }
  }

  private void handle(ConsumerRecord<String, String> record) throws InterruptedException {
    if (record.value() == null) {
      return;
    }
    String unsigned = signatures.unsigned(record);
    if (unsigned != null) {
      poison.skip(record, unsigned);
      return;
    }
    OrderCommand command;
    try {
      var envelope = EventJson.read(record.value());
      if (EventType.REVOCATION.equals(envelope.type())) {
        revoke(EventJson.payload(envelope, RevocationCommand.class));
        return;
      }
      if (!EventType.ORDER.equals(envelope.type())) {
        return;
      }
      command = EventJson.payload(envelope, OrderCommand.class);
    } catch (EventJson.MalformedEventException e) {
      poison.skip(record, e.getMessage());
      return;
    }
    if (command.orderId() != null && !recent.firstTime(command.orderId())) {
      LOG.infof(
          "certificate %s, order %s: arrived again, skipped (worked on already)",
          command.certificate(), command.orderId());
      return;
    }
    LOG.infof(
        "certificate %s, order %s: ordering %s",
        command.certificate(), command.orderId(), command.domains());
    OrderResult result = processor.process(command);
    publish(
        result.certificate(),
        result.orderId(),
        EventJson.write(Envelope.of(EventType.ORDER_RESULT, result)));
  }

  private void revoke(RevocationCommand command) throws InterruptedException {
    if (command.revocationId() != null && !recent.firstTime(command.revocationId())) {
      return;
    }
    RevocationResult result = revocations.process(command);
    publish(
        result.certificate(),
        result.revocationId(),
        EventJson.write(Envelope.of(EventType.REVOCATION_RESULT, result)));
  }

  /**
   * Publishes the result, retrying until Kafka acknowledges it: the order must not be committed
   * before.
   */
  private void publish(String certificate, String id, String payload) throws InterruptedException {
    while (true) {
      try {
        results.send(Record.of(certificate, payload)).await().atMost(PUBLISH_TIMEOUT);
        return;
      } catch (RuntimeException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("shutting down with the result unpublished");
        }
        LOG.warnf("order %s: publishing the result failed, retrying: %s", id, e.toString());
        Thread.sleep(1_000);
      }
    }
  }
}
