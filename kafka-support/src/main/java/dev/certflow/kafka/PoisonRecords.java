package dev.certflow.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Records that can never be applied (malformed, a field missing, sealed under a key this process
 * does not hold, written by a newer certflow): each is skipped so that the records after it still
 * apply, counted in {@code certflow_poison_records_total{topic}} and logged once at WARN with where
 * it is and why, never with its content, which may carry sealed secrets.
 */
public final class PoisonRecords {

  private static final System.Logger LOG = System.getLogger(PoisonRecords.class.getName());
  private static final int MAX_REASON = 300;

  private final MeterRegistry registry;

  public PoisonRecords(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts and logs a record that is skipped. */
  public void skip(ConsumerRecord<?, ?> record, String reason) {
    LOG.log(
        System.Logger.Level.WARNING,
        "{0}: skipping the record at offset {1} (partition {2}{3}), it cannot be applied: {4}",
        record.topic(),
        String.valueOf(record.offset()),
        String.valueOf(record.partition()),
        record.key() == null ? "" : ", key " + record.key(),
        shorten(reason));
    registry.counter("certflow.poison.records", "topic", record.topic()).increment();
  }

  private static String shorten(String reason) {
    String text = String.valueOf(reason).replaceAll("[\\r\\n\\t]+", " ");
    return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "...";
  }
}
