package dev.certflow.worker.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Before partitions of the orders topic go to another worker, lets this worker's orders on them
 * finish and commits past them, so that the new owner does not order the same certificate again.
 * The connector's throttled commit has already committed what was finished; this covers what was
 * still in flight. Called on the polling thread, which may block (up to {@code
 * max.poll.interval.ms}).
 */
@ApplicationScoped
@Identifier(OrderHandover.NAME)
public class OrderHandover implements KafkaConsumerRebalanceListener {

  static final String NAME = "order-handover";
  private static final Logger LOG = Logger.getLogger(OrderHandover.class);

  /** Below the consumer's max.poll.interval.ms (10 min), above any one order's steps. */
  private static final Duration LONGEST_WAIT = Duration.ofMinutes(8);

  private final InFlightOrders inFlight;

  OrderHandover(InFlightOrders inFlight) {
    this.inFlight = inFlight;
  }

  @Override
  public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    try {
      Map<TopicPartition, OffsetAndMetadata> done =
          inFlight.drain(partitions, LONGEST_WAIT.toMillis());
      if (!done.isEmpty()) {
        consumer.commitSync(done);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // The partitions are gone already (lost, not revoked): the new owner redoes the orders.
      LOG.warnf("orders: committing handed-over partitions %s failed: %s", partitions, e);
    }
  }
}
