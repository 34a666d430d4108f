package dev.certflow.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The JSON envelope every message travels in. Consumers de-duplicate by {@code eventId} and skip
 * types they do not know.
 *
 * @param eventId unique id of this event, stable across redeliveries
 * @param type the payload type, one of {@link EventType}'s names or a newer one
 * @param schemaVersion version of the payload schema for this type
 * @param occurredAt when the producer created the event
 * @param payload the event body
 * @param <T> payload type
 */
public record Envelope<T>(
    @JsonProperty("event_id") String eventId,
    String type,
    @JsonProperty("schema_version") int schemaVersion,
    @JsonProperty("occurred_at") Instant occurredAt,
    T payload) {

  /** The schema version written by this build. */
  public static final int SCHEMA_VERSION = 1;

  public Envelope {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }

  /** A new envelope with a random event id, stamped now. */
  public static <T> Envelope<T> of(String type, T payload) {
    return new Envelope<>(
        UUID.randomUUID().toString(), type, SCHEMA_VERSION, Instant.now(), payload);
  }
}
