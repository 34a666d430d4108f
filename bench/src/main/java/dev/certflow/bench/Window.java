package dev.certflow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A timed window: wall-clock seconds and the CPU seconds each process of the machine spent in it,
 * read from /proc. On two shared cores a rate alone does not say where the time went; the CPU of
 * every part (Pebble, Kafka, each service, this JVM) does.
 */
final class Window {

  /** What a window measured: its length and the CPU seconds of each part. */
  record Measured(double seconds, Map<String, Double> cpu) {

    String cpuSummary() {
      double total = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
      return String.format(Locale.ROOT, "CPU %.1f s: ", total)
          + cpu.entrySet().stream()
              .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
              .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
              .collect(Collectors.joining(", "));
    }
  }

  /** Kernel clock ticks per second (USER_HZ), 100 on every Linux this runs on. */
  private static final double TICKS = 100.0;

  /** Parts by a word of their command line, most specific first. */
  private static final List<String> PARTS =
      List.of(
          "cert-api",
          "acme-worker",
          "proxy-agent",
          "notifier",
          "dns-gateway",
          "kafka.Kafka",
          "pebble",
          "postgres",
          "knotd");

  private final long started = System.nanoTime();
  private final Map<String, Long> before = ticksByPart();

  static Window open() {
    return new Window();
  }

  Measured close() {
    double seconds = (System.nanoTime() - started) / 1e9;
    Map<String, Long> after = ticksByPart();
    Map<String, Double> cpu = new TreeMap<>();
    after.forEach(
        (part, ticks) -> {
          long spent = ticks - before.getOrDefault(part, 0L);
          if (spent > 0) {
            cpu.put(part, spent / TICKS);
          }
        });
    return new Measured(seconds, cpu);
  }

  /** CPU ticks so far of every process of a known part, summed by part. */
  private static Map<String, Long> ticksByPart() {
    Map<String, Long> ticks = new TreeMap<>();
    long self = ProcessHandle.current().pid();
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      processes
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(
              p -> {
                String part =
                    Long.parseLong(p.getFileName().toString()) == self
                        ? "this benchmark"
                        : partOf(p);
                if (part != null) {
                  ticks.merge(part, ticksOf(p), Long::sum);
                }
              });
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc", e);
    }
    return ticks;
  }

  private static String partOf(Path process) {
    String command;
    try {
      command = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null; // the process has ended
    }
    return PARTS.stream().filter(command::contains).findFirst().orElse(null);
  }

  /** utime + stime: fields 14 and 15 of /proc/PID/stat, counted after the command's ")". */
  private static long ticksOf(Path process) {
    try {
      String stat = Files.readString(process.resolve("stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return 0; // the process has ended
    }
  }
}
