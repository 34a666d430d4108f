package dev.certflow.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class InFlightOrdersTest {

  private static final TopicPartition P0 = new TopicPartition("orders", 0);
  private static final TopicPartition P1 = new TopicPartition("orders", 1);

  @Test
  void aHandedOverPartitionWaitsForItsOrdersAndCommitsPastThem() throws Exception {
    InFlightOrders inFlight = new InFlightOrders();
    inFlight.started(P0, 7);
    inFlight.started(P0, 8);
    inFlight.started(P1, 3);
    inFlight.finished(P0, 7);

    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> drained =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return inFlight.drain(List.of(P0), 10_000);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(drained).isNotDone();
    inFlight.finished(P0, 8);

    assertThat(drained.get(5, TimeUnit.SECONDS))
        .containsExactly(Map.entry(P0, new OffsetAndMetadata(9)));
    // The other partition's order is untouched and still counted.
    assertThat(inFlight.inFlight()).isEqualTo(1);
  }

  @Test
  void anOrderStillRunningWhenTheWaitEndsIsNotCommitted() throws Exception {
    InFlightOrders inFlight = new InFlightOrders();
    inFlight.started(P0, 1);
    inFlight.finished(P0, 1);
    inFlight.started(P0, 2);

    assertThat(inFlight.drain(List.of(P0), 50)).isEmpty();
  }
}
