package dev.certflow.kafka;

import dev.certflow.security.RecordSignature;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Tells the records cert-api published from any other: each carries cert-api's Ed25519 signature
 * over topic, key, a sequence that only grows, and the whole value (tombstones included; see {@link
 * RecordSignature}). A consumer given {@code CERTFLOW_SIGNING_PUBLIC_KEY} (one key, or {@code
 * NEW,OLD} while it is rolled over) refuses what cert-api did not sign and, per key, a replay of a
 * record older than one already read; without a key, every record passes (with a warning at start,
 * from the caller).
 */
public final class CertApiRecords {

  private static final String NOT_SIGNED = "not signed by cert-api";

  private final List<RecordSignature.Verifier> verifiers;
  private final Map<String, Long> sequences = new ConcurrentHashMap<>();

  /**
   * @param publicKeys the setting, or null or blank when records are not checked
   */
  public CertApiRecords(String publicKeys) {
    this.verifiers = RecordSignature.verifiers(publicKeys);
  }

  /** Forgets the sequences read, before the topic is read again from its start. */
  public void reset() {
    sequences.clear();
  }

  /** Whether records are checked at all. */
  public boolean checking() {
    return !verifiers.isEmpty();
  }

  /**
   * Why a record is not cert-api's own, or null when it is (or nothing is checked). A record that
   * passes raises the key's sequence, so an older one is refused from then on: for a reader that
   * sees each key's records in order (one thread per topic).
   */
  public String forged(ConsumerRecord<String, String> record) {
    if (verifiers.isEmpty()) {
      return null;
    }
    Long seq = signedSequence(record);
    if (seq == null) {
      return NOT_SIGNED;
    }
    String key = record.key() == null ? "" : record.key();
    Long last = sequences.get(key);
    if (last != null && seq < last) {
      return "a replay of an older record (sequence " + seq + " after " + last + ")";
    }
    sequences.put(key, seq);
    return null;
  }

  /**
   * Why a record does not bear cert-api's signature, or null when it does (or nothing is checked):
   * for readers that work on a key's records concurrently and drop repeats by their own ids.
   */
  public String unsigned(ConsumerRecord<String, String> record) {
    return verifiers.isEmpty() || signedSequence(record) != null ? null : NOT_SIGNED;
  }

  /** The record's sequence when cert-api's signature covers it, else null. */
  private Long signedSequence(ConsumerRecord<String, String> record) {
    Header sequence = record.headers().lastHeader(RecordSignature.SEQUENCE_HEADER);
    Header signature = record.headers().lastHeader(RecordSignature.SIGNATURE_HEADER);
    long seq;
    try {
      seq = Long.parseLong(new String(sequence.value(), StandardCharsets.US_ASCII));
    } catch (RuntimeException e) {
      return null;
    }
    String signed =
        signature == null ? null : new String(signature.value(), StandardCharsets.US_ASCII);
    return RecordSignature.anyVerifies(
            verifiers, record.topic(), record.key(), seq, record.value(), signed)
        ? seq
        : null;
  }
}
