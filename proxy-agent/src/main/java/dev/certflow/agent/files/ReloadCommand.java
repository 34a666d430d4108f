package dev.certflow.agent.files;

import dev.certflow.agent.config.AgentConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Runs {@code CERTFLOW_RELOAD_COMMAND} after the files changed, once per burst: each request pushes
 * the run back by the debounce time.
 */
@ApplicationScoped
public class ReloadCommand {

  private static final Logger LOG = Logger.getLogger(ReloadCommand.class);

  private final AgentConfig config;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "reload-command"));
  private final AtomicLong runs = new AtomicLong();
  private ScheduledFuture<?> scheduled;

  ReloadCommand(AgentConfig config) {
    this.config = config;
  }

  /** Asks for a reload after the debounce time. */
  public synchronized void request() {
    if (config.reloadCommand().isEmpty() || config.reloadCommand().get().isBlank()) {
      return;
    }
    if (scheduled != null) {
      scheduled.cancel(false);
    }
    scheduled =
        executor.schedule(this::run, config.reloadDebounce().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** How many times the command has run. */
  public long runs() {
    return runs.get();
  }

  private void run() {
    String command = config.reloadCommand().orElseThrow();
    try {
      Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
      String output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        LOG.warnf("reload command did not finish within 60 s");
        return;
      }
      runs.incrementAndGet();
      if (process.exitValue() == 0) {
        LOG.infof("reload command ran");
      } else {
        LOG.warnf("reload command exited %d: %s", process.exitValue(), output);
      }
    } catch (IOException e) {
      LOG.warnf("reload command could not start: %s", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void stop(@Observes ShutdownEvent event) {
    executor.shutdownNow();
  }
}
