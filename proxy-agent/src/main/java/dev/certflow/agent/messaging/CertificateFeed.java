package dev.certflow.agent.messaging;

import dev.certflow.agent.config.AgentConfig;
import dev.certflow.agent.files.CertificateFiles;
import dev.certflow.agent.store.BundleDecoder;
import dev.certflow.agent.store.CertificateStore;
import dev.certflow.agent.store.ServedCertificate;
import dev.certflow.events.CertificateBundle;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import dev.certflow.kafka.CertApiRecords;
import dev.certflow.kafka.CompactedTopicFollower;
import dev.certflow.kafka.PoisonRecords;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

/**
 * Reads the compacted certificates topic from the beginning into the {@link CertificateStore}, one
 * swap per poll batch, then writes the files and reports the new state. The node is ready once it
 * has read up to the end offsets it saw at start.
 */
@ApplicationScoped
public class CertificateFeed implements CompactedTopicFollower.Handler {

  private static final Logger LOG = Logger.getLogger(CertificateFeed.class);

  private final AgentKafka kafka;
  private final Topics topics;
  private final BundleDecoder decoder;
  private final CertificateStore store;
  private final CertificateFiles files;
  private final StatusReporter status;
  private final PoisonRecords poison;
  private final CertApiRecords signatures;
  private volatile boolean caughtUp;
  // State of the current pass over the topic (follower thread only): names seen, and whether
  // this pass is still replaying what existed at its start.
  private final Set<String> seen = new HashSet<>();
  private boolean replaying = true;
  private CompactedTopicFollower follower;
  // Where this node stands in the certificates topic, for its reports (see AgentStatus).
  private volatile Map<Integer, Long> positions = Map.of();
  // Certificates whose latest record could not be applied, with the reason, by name.
  private final Map<String, String> rejected = new ConcurrentHashMap<>();

  CertificateFeed(
      AgentKafka kafka,
      Topics topics,
      BundleDecoder decoder,
      CertificateStore store,
      CertificateFiles files,
      StatusReporter status,
      AgentConfig config,
      MeterRegistry registry) {
    this.poison = new PoisonRecords(registry);
    // A list, NEW,OLD while the signing key is rolled over: any of them may have signed.
    this.signatures = new CertApiRecords(config.signingPublicKey().orElse(null));
    if (!signatures.checking()) {
      LOG.warn(
          "CERTFLOW_SIGNING_PUBLIC_KEY is not set: certificate records are served without"
              + " checking that cert-api signed them");
    }
    this.kafka = kafka;
    this.topics = topics;
    this.decoder = decoder;
    this.store = store;
    this.files = files;
    this.status = status;
  }

  void start(@Observes StartupEvent event) {
    follower = new CompactedTopicFollower(topics.certificates(), kafka::consumer, this).start();
  }

  void stop(@Observes ShutdownEvent event) {
    if (follower != null) {
      follower.close();
    }
  }

  /** Whether the node has read every certificate that existed when it started. */
  public boolean caughtUp() {
    return caughtUp;
  }

  /** Per partition, the offset of the next record this node reads; all before it is applied. */
  public Map<Integer, Long> positions() {
    return positions;
  }

  /** Certificates whose latest record this node could not apply: name to reason. */
  public Map<String, String> rejected() {
    return Map.copyOf(rejected);
  }

  @Override
  public void onPositions(Map<Integer, Long> positions) {
    this.positions = Map.copyOf(positions);
  }

  @Override
  public void onRestart() {
    // A new pass re-reads everything: at its end, what was not seen is gone.
    seen.clear();
    rejected.clear();
    signatures.reset();
    positions = Map.of();
    replaying = true;
  }

  @Override
  public void onTopicMissing() {
    if (!caughtUp) {
      caughtUp = true;
      status.changed();
    }
  }

  @Override
  public void onCaughtUp() {
    Set<String> stale = new HashSet<>();
    store.table().all().forEach(c -> stale.add(c.name()));
    stale.removeAll(seen);
    if (!stale.isEmpty()) {
      store.apply(List.of(), stale);
    }
    files.reconcile(store.table().all(), stale);
    replaying = false;
    caughtUp = true;
    LOG.infof("caught up: serving %d certificates", store.table().all().size());
    status.changed();
  }

  @Override
  public void onBatch(ConsumerRecords<String, String> records) {
    if (records.isEmpty()) {
      return;
    }
    boolean refusedNow = false;
    // Last record per name wins within the batch, in partition order.
    Map<String, Optional<ServedCertificate>> latest = new LinkedHashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      if (record.key() == null) {
        continue;
      }
      String forged = signatures.forged(record);
      if (forged != null) {
        rejected.put(record.key(), forged);
        refusedNow = true;
        poison.skip(record, forged);
        continue;
      }
      if (record.value() == null) {
        latest.put(record.key(), Optional.empty());
        rejected.remove(record.key());
        continue;
      }
      try {
        var envelope = EventJson.read(record.value());
        if (!EventType.CERTIFICATE_BUNDLE.equals(envelope.type())) {
          continue;
        }
        CertificateBundle bundle = EventJson.payload(envelope, CertificateBundle.class);
        ServedCertificate current = store.table().byName(bundle.name());
        if (current != null && bundle.version() < current.version()) {
          throw new IllegalArgumentException(
              "version " + bundle.version() + " is older than the served " + current.version());
        }
        if (current != null
            && current.alias().equals(BundleDecoder.aliasOf(bundle))
            && sameSettings(current, bundle)) {
          latest.remove(bundle.name());
          seen.add(bundle.name());
          rejected.remove(bundle.name());
          continue; // a redelivery: nothing changes
        }
        latest.put(record.key(), Optional.of(decoder.decode(bundle)));
        rejected.remove(record.key());
      } catch (RuntimeException e) {
        // Any bad record (malformed, a field missing, a key that does not open) is skipped, never
        // a reason to restart the feed. Reported, so that cert-api shows this node as not serving
        // the certificate's latest.
        rejected.put(record.key(), String.valueOf(e.getMessage()));
        refusedNow = true;
        poison.skip(record, e.getMessage());
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
      if (refusedNow && !replaying) {
        status.changed(); // cert-api learns of the refusal now, not at the next interval
      }
      return;
    }
    store.apply(upserts, removals);
    upserts.forEach(
        c ->
            LOG.infof(
                "certificate %s: serving version %d (serial %s)",
                c.name(), c.version(), c.serial()));
    removals.forEach(name -> LOG.infof("certificate %s: removed", name));
    if (!replaying) {
      files.write(upserts, removals);
      status.changed();
    }
  }

  private static boolean sameSettings(ServedCertificate current, CertificateBundle bundle) {
    return current.isDefault() == bundle.isDefault()
        && current.isCa() == bundle.isCa()
        && current.domains().equals(bundle.domains());
  }
}
