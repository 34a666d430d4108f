package dev.certflow.agent.tls;

import java.time.Clock;

/**
 * A token bucket for minting: up to {@code perSecond} new leaves a second, with a burst of as many.
 * Whoever holds no token gets no new leaf.
 */
final class MintRate {

  private final int perSecond;
  private final Clock clock;
  private double tokens;
  private long lastMillis;

  MintRate(int perSecond, Clock clock) {
    this.perSecond = perSecond;
    this.clock = clock;
    this.tokens = perSecond;
    this.lastMillis = clock.millis();
  }

  synchronized boolean tryTake() {
    long now = clock.millis();
    tokens = Math.min(perSecond, tokens + (now - lastMillis) * perSecond / 1000.0);
    lastMillis = now;
    if (tokens < 1) {
      return false;
    }
    tokens--;
    return true;
  }
}
