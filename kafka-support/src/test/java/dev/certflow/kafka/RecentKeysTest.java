package dev.certflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentKeysTest {

  @Test
  void anIdIsTakenOnceAndForgottenOnlyWhenOlderThanTheCapacity() {
    RecentKeys recent = new RecentKeys(2);

    assertThat(recent.firstTime("a")).isTrue();
    assertThat(recent.firstTime("a")).isFalse();
    assertThat(recent.firstTime("b")).isTrue();
    assertThat(recent.firstTime("c")).isTrue(); // "a" is now the oldest beyond two: forgotten
    assertThat(recent.firstTime("b")).isFalse();
    assertThat(recent.firstTime("a")).isTrue();
  }
}
