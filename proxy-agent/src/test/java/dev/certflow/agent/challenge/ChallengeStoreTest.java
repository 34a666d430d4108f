package dev.certflow.agent.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChallengeStoreTest {

  @Test
  void tokensLeftBehindByAKilledWorkerExpire() {
    ChallengeStore store = new ChallengeStore();
    store.present("fresh", "fresh.key", Instant.now());
    store.present("stale", "stale.key", Instant.now().minus(Duration.ofHours(2)));

    assertThat(store.keyAuthorization("fresh")).contains("fresh.key");
    assertThat(store.keyAuthorization("stale")).isEmpty();
    assertThat(store.tokens()).containsExactly("fresh");
  }
}
