package dev.certflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InternalThreadsTest {

  @Test
  void aThreadThatDiesUnaskedIsReportedAndOneThatWasStoppedIsNot() throws Exception {
    Thread dying =
        new Thread(
            () -> {
              throw new StackOverflowError("simulated");
            },
            "test-dying");
    dying.setUncaughtExceptionHandler((t, e) -> {});
    Object dyingHandle = InternalThreads.watch("test-dying", dying, () -> false);
    AtomicBoolean stopping = new AtomicBoolean();
    Thread stopped = new Thread(() -> {}, "test-stopped");
    Object stoppedHandle = InternalThreads.watch("test-stopped", stopped, stopping::get);
    stopping.set(true);
    dying.start();
    stopped.start();
    dying.join();
    stopped.join();

    assertThat(InternalThreads.dead()).contains("test-dying").doesNotContain("test-stopped");
    InternalThreads.unwatch(dyingHandle);
    InternalThreads.unwatch(stoppedHandle);
    assertThat(InternalThreads.dead()).doesNotContain("test-dying");
  }

  @Test
  void aRoundOfWorkRunningPastItsPatienceIsStalled() {
    AtomicReference<Instant> busySince = new AtomicReference<>();
    Object handle = InternalThreads.watchWork("test-relay", busySince::get, Duration.ofSeconds(30));

    assertThat(InternalThreads.stalled()).doesNotContain("test-relay");
    busySince.set(Instant.now().minusSeconds(5));
    assertThat(InternalThreads.stalled()).doesNotContain("test-relay");
    busySince.set(Instant.now().minusSeconds(31));
    assertThat(InternalThreads.stalled()).contains("test-relay");
    InternalThreads.unwatch(handle);
    assertThat(InternalThreads.stalled()).doesNotContain("test-relay");
  }
}
