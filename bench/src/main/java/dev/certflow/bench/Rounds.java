package dev.certflow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Warm-up rounds, then timed rounds, as JMH does for steady state: both sides of a comparison are
 * long-running JVMs in use, so their JIT-compiled state is what a user gets, and seven fresh JVMs
 * compiling at once on two cores would otherwise be measured against one.
 */
final class Rounds {

  /** One round of the work; returns its timed window. */
  interface Round {
    Window.Measured run(String prefix) throws Exception;
  }

  private Rounds() {}

  /** Runs the rounds, prints each, and returns the median rate in certificates per second. */
  static double measure(String what, int count, int warmups, int timed, Round round)
      throws Exception {
    for (int i = 1; i <= warmups; i++) {
      double seconds = round.run("warm" + i + "-" + Long.toString(System.nanoTime(), 36)).seconds();
      System.out.printf(
          Locale.ROOT, "%s: warm-up round %d: %.1f certificates/s%n", what, i, count / seconds);
    }
    List<Double> rates = new ArrayList<>();
    for (int i = 1; i <= timed; i++) {
      Window.Measured measured = round.run("run" + i + "-" + Long.toString(System.nanoTime(), 36));
      double seconds = measured.seconds();
      rates.add(count / seconds);
      System.out.printf(
          Locale.ROOT,
          "%s: round %d: %d certificates in %.2f s, %.1f certificates/s; %s%n",
          what,
          i,
          count,
          seconds,
          count / seconds,
          measured.cpuSummary());
    }
    List<Double> sorted = rates.stream().sorted().toList();
    double median = sorted.get(sorted.size() / 2);
    System.out.printf(
        Locale.ROOT, "%s: median of %d rounds: %.1f certificates/s%n", what, timed, median);
    return median;
  }
}
