package dev.certflow.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

  private static final TopicPartition P0 = new TopicPartition("orders", 0);
  private static final TopicPartition P1 = new TopicPartition("orders", 1);

  @Test
  void commitsOnlyBelowTheEarliestUnfinishedOrder() {
    OffsetTracker tracker = new OffsetTracker();
    tracker.started(P0, 10);
    tracker.started(P0, 11);
    tracker.started(P0, 12);
    assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(10)));
    tracker.committed(tracker.committable());

    tracker.finished(P0, 12); // a later order finishes first: 10 and 11 must stay uncommitted
    tracker.finished(P0, 11);
    assertThat(tracker.committable()).isEmpty();
    assertThat(tracker.inFlight()).isEqualTo(1);

    tracker.finished(P0, 10);
    assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(13)));
    tracker.committed(tracker.committable());
    assertThat(tracker.committable()).isEmpty();
    assertThat(tracker.inFlight()).isZero();
  }

  @Test
  void keepsPartitionsApartAndForgetsRevokedOnes() {
    OffsetTracker tracker = new OffsetTracker();
    tracker.started(P0, 5);
    tracker.started(P1, 7);
    tracker.finished(P1, 7);
    assertThat(tracker.committable())
        .isEqualTo(Map.of(P0, new OffsetAndMetadata(5), P1, new OffsetAndMetadata(8)));
    assertThat(tracker.inFlight(List.of(P0))).isEqualTo(1);
    assertThat(tracker.inFlight(List.of(P1))).isZero();

    tracker.forget(List.of(P0));
    assertThat(tracker.committable()).isEqualTo(Map.of(P1, new OffsetAndMetadata(8)));
    assertThat(tracker.inFlight()).isZero();
  }
}
