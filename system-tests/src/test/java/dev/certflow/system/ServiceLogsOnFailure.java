package dev.certflow.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints the end of every running service's log when a system test fails, so that a failure seen
 * only in CI (where the temporary directories are gone) says what the services were doing.
 * Registered for every test through JUnit's extension auto-detection.
 */
public final class ServiceLogsOnFailure implements TestWatcher {

  private static final int LINES = 60;
  private static final Set<Path> RUNNING = ConcurrentHashMap.newKeySet();

  static void register(Path work) {
    RUNNING.add(work);
  }

  static void unregister(Path work) {
    RUNNING.remove(work);
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    for (Path work : RUNNING) {
      try (Stream<Path> logs = Files.list(work)) {
        logs.filter(p -> p.toString().endsWith(".log")).sorted().forEach(this::printTail);
      } catch (IOException e) {
        System.err.println("cannot list " + work + ": " + e);
      }
    }
  }

  private void printTail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      System.err.println("----- last " + LINES + " lines of " + log.getFileName() + " -----");
      lines.subList(Math.max(0, lines.size() - LINES), lines.size()).forEach(System.err::println);
    } catch (IOException | UncheckedIOException e) {
      System.err.println("cannot read " + log + ": " + e);
    }
  }
}
