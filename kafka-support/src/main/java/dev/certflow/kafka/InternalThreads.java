package dev.certflow.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The long-running threads of a process (topic followers, consumer loops), so that a liveness check
 * can fail when one has died: a process whose consumer thread died of an error looks healthy from
 * outside while it no longer does its work.
 */
public final class InternalThreads {

  private record Watched(String name, Thread thread, BooleanSupplier stopping) {}

  private static final Map<Object, Watched> WATCHED = new ConcurrentHashMap<>();

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

  public static void unwatch(Object handle) {
    if (handle != null) {
      WATCHED.remove(handle);
    }
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
