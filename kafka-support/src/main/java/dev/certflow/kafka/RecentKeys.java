package dev.certflow.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids a consumer has taken lately, to skip a record that arrives twice. Producers publish at
 * least once (the outbox relay sends a batch again when its acknowledgement was lost, as when a
 * broker dies after writing it), so an order or an alert can arrive twice; working on it twice
 * would order a certificate twice at the CA or send an alert twice. Bounded: the oldest id is
 * forgotten first, long after any redelivery of it.
 */
public final class RecentKeys {

  private final Map<String, Boolean> taken;

  public RecentKeys(int capacity) {
    this.taken =
        new LinkedHashMap<>(capacity * 4 / 3 + 1) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  /** True the first time an id is offered, false while it is remembered. */
  public synchronized boolean firstTime(String id) {
    return taken.putIfAbsent(id, Boolean.TRUE) == null;
  }
}
