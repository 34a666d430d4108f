package dev.certflow.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The long-running threads of a process (topic followers, consumer loops), so that a liveness check
 * can fail when one has died: a process whose consumer thread died of an error looks healthy from
 * outside while it no longer does its work.
 */
public final class InternalThreads {

  private record Watched(String name, Thread thread, BooleanSupplier stopping) {}

  private record Work(String name, Supplier<Instant> busySince, Duration patience) {}

  private static final Map<Object, Watched> WATCHED = new ConcurrentHashMap<>();
  private static final Map<Object, Work> WORK = new ConcurrentHashMap<>();

  private InternalThreads() {}

  /**
   * Watches a thread until {@link #unwatch}.
   *
   * @param stopping true once the thread is meant to end, so that its end is no failure
   * @return the handle to unwatch it with
   */
  public static Object watch(String name, Thread thread, BooleanSupplier stopping) {
    Object handle = new Object();
    WATCHED.put(handle, new Watched(name, thread, stopping));
    return handle;
  }

  /**
   * Watches work that runs in rounds (the outbox relay, a scheduled pass): it is stalled when one
   * round has been running longer than {@code patience}, say blocked for ever on a lock.
   *
   * @param busySince when the round under way started; null between rounds
   * @return the handle to unwatch it with
   */
  public static Object watchWork(String name, Supplier<Instant> busySince, Duration patience) {
    Object handle = new Object();
    WORK.put(handle, new Work(name, busySince, patience));
    return handle;
  }

  public static void unwatch(Object handle) {
    if (handle != null) {
      WATCHED.remove(handle);
      WORK.remove(handle);
    }
  }

  /** The names of watched rounds of work that have run longer than their patience. */
  public static List<String> stalled() {
    Instant now = Instant.now();
    return WORK.values().stream()
        .filter(
            w -> {
              Instant since = w.busySince().get();
              return since != null && since.plus(w.patience()).isBefore(now);
            })
        .map(Work::name)
        .sorted()
        .toList();
  }

  /** The names of watched threads that ended without being asked to. */
  public static List<String> dead() {
    return WATCHED.values().stream()
        .filter(w -> !w.stopping().getAsBoolean() && !w.thread().isAlive())
        .map(Watched::name)
        .sorted()
        .toList();
  }
}
