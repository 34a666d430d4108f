package dev.certflow.agent.messaging;

import dev.certflow.agent.files.CertificateFiles;
import dev.certflow.agent.store.BundleDecoder;
import dev.certflow.agent.store.CertificateStore;
import dev.certflow.agent.store.ServedCertificate;
import dev.certflow.events.CertificateBundle;
import dev.certflow.events.CompactedTopicReader;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads the compacted certificates topic from the beginning into the {@link CertificateStore}, one
 * swap per poll batch, then writes the files and reports the new state. The node is ready once it
 * has read up to the end offsets it saw at start.
 */
@ApplicationScoped
public class CertificateFeed {

  private static final Logger LOG = Logger.getLogger(CertificateFeed.class);

  private final AgentKafka kafka;
  private final Topics topics;
  private final BundleDecoder decoder;
  private final CertificateStore store;
  private final CertificateFiles files;
  private final StatusReporter status;
  private volatile boolean running;
  private volatile boolean caughtUp;
  private volatile KafkaConsumer<String, String> consumer;
  private Thread thread;

  CertificateFeed(
      AgentKafka kafka,
      Topics topics,
      BundleDecoder decoder,
      CertificateStore store,
      CertificateFiles files,
      StatusReporter status) {
    this.kafka = kafka;
    this.topics = topics;
    this.decoder = decoder;
    this.store = store;
    this.files = files;
    this.status = status;
  }

  void start(@Observes StartupEvent event) {
    running = true;
    thread = new Thread(this::run, "certificate-feed");
    thread.setDaemon(true);
    thread.start();
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    running = false;
    KafkaConsumer<String, String> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    if (thread != null) {
      thread.join(5_000);
    }
  }

  /** Whether the node has read every certificate that existed when it started. */
  public boolean caughtUp() {
    return caughtUp;
  }

  private void run() {
    while (running) {
      try (KafkaConsumer<String, String> kafkaConsumer = kafka.consumer()) {
        consumer = kafkaConsumer;
        CompactedTopicReader reader =
            new CompactedTopicReader(kafkaConsumer, topics.certificates());
        waitForTopic(reader);
        // A restarted loop re-reads everything: replace the whole state, not merge into it.
        Set<String> seen = new HashSet<>();
        boolean initial = true;
        while (running) {
          ConsumerRecords<String, String> records = kafkaConsumer.poll(Duration.ofMillis(200));
          applyBatch(records, seen, initial);
          if (initial && reader.caughtUp()) {
            Set<String> stale = new HashSet<>();
            store.table().all().forEach(c -> stale.add(c.name()));
            stale.removeAll(seen);
            if (!stale.isEmpty()) {
              store.apply(List.of(), stale);
            }
            files.reconcile(store.table().all(), stale);
            initial = false;
            caughtUp = true;
            LOG.infof("caught up: serving %d certificates", store.table().all().size());
            status.changed();
          }
        }
      } catch (WakeupException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warnf("certificate feed failed, reconnecting: %s", e.toString());
        pause(1_000);
      }
    }
  }

  private void waitForTopic(CompactedTopicReader reader) {
    while (running) {
      try {
        if (reader.assignFromBeginning()) {
          return;
        }
        if (!caughtUp) {
          // The topic does not exist yet: there is nothing to catch up on.
          caughtUp = true;
          status.changed();
        }
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        LOG.debugf("Kafka not reachable yet: %s", e.getMessage());
      }
      pause(1_000);
    }
    throw new WakeupException();
  }

  private void applyBatch(
      ConsumerRecords<String, String> records, Set<String> seen, boolean initial) {
    if (records.isEmpty()) {
      return;
    }
    // Last record per name wins within the batch, in partition order.
    Map<String, Optional<ServedCertificate>> latest = new LinkedHashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      if (record.key() == null) {
        continue;
      }
      if (record.value() == null) {
        latest.put(record.key(), Optional.empty());
        continue;
      }
      try {
        var envelope = EventJson.read(record.value());
        if (!EventType.CERTIFICATE_BUNDLE.equals(envelope.type())) {
          continue;
        }
        CertificateBundle bundle = EventJson.payload(envelope, CertificateBundle.class);
        ServedCertificate current = store.table().byName(bundle.name());
        if (current != null
            && current.alias().equals(aliasOf(bundle))
            && sameSettings(current, bundle)) {
          latest.remove(bundle.name());
          seen.add(bundle.name());
          continue; // a redelivery: nothing changes
        }
        latest.put(record.key(), Optional.of(decoder.decode(bundle)));
      } catch (EventJson.MalformedEventException | IllegalArgumentException e) {
        LOG.warnf(
            "certificate %s: skipping record at offset %d: %s",
            record.key(), record.offset(), e.getMessage());
      }
    }
    List<ServedCertificate> upserts = latest.values().stream().flatMap(Optional::stream).toList();
    Set<String> removals = new HashSet<>();
    latest.forEach(
        (name, value) -> {
          if (value.isEmpty()) {
            removals.add(name);
            seen.remove(name);
          } else {
            seen.add(name);
          }
        });
    if (upserts.isEmpty() && removals.isEmpty()) {
      return;
    }
    store.apply(upserts, removals);
    upserts.forEach(
        c ->
            LOG.infof(
                "certificate %s: serving version %d (serial %s)",
                c.name(), c.version(), c.serial()));
    removals.forEach(name -> LOG.infof("certificate %s: removed", name));
    if (!initial) {
      files.write(upserts, removals);
      status.changed();
    }
  }

  private static String aliasOf(CertificateBundle bundle) {
    return bundle.name() + "#" + bundle.version() + "#" + bundle.serial();
  }

  private static boolean sameSettings(ServedCertificate current, CertificateBundle bundle) {
    return current.isDefault() == bundle.isDefault()
        && current.isCa() == bundle.isCa()
        && current.domains().equals(bundle.domains());
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
