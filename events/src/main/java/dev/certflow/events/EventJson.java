package dev.certflow.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * JSON serde for envelopes. Reading is tolerant: unknown fields are ignored and the payload is
 * first read as a tree, so a consumer can look at {@link Envelope#type()} before binding it.
 */
public final class EventJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

  private EventJson() {}

  /** Writes an envelope as compact JSON. */
  public static String write(Envelope<?> envelope) {
    try {
      return MAPPER.writeValueAsString(envelope);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads an envelope, leaving its payload as a tree.
   *
   * @throws MalformedEventException when the text is not an envelope, or one of a newer schema
   */
  public static Envelope<JsonNode> read(String json) {
    try {
      JsonNode root = MAPPER.readTree(json);
      if (root == null || !root.isObject()) {
        throw new MalformedEventException("not a JSON object");
      }
      int version = root.path("schema_version").asInt(Envelope.SCHEMA_VERSION);
      if (version > Envelope.SCHEMA_VERSION) {
        // Written by a newer certflow whose payload this build may misread: refused, not guessed.
        throw new MalformedEventException(
            "schema_version "
                + version
                + " is newer than this build reads ("
                + Envelope.SCHEMA_VERSION
                + "): upgrade this service");
      }
      return new Envelope<>(
          text(root, "event_id"),
          text(root, "type"),
          version,
          Instant.parse(text(root, "occurred_at")),
          root.get("payload"));
    } catch (JsonProcessingException | DateTimeParseException e) {
      throw new MalformedEventException(e.getMessage(), e);
    }
  }

  /**
   * Binds a payload tree to its record type.
   *
   * @throws MalformedEventException when the payload does not fit the type
   */
  public static <T> T payload(Envelope<JsonNode> envelope, Class<T> type) {
    try {
      return MAPPER.treeToValue(envelope.payload(), type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new MalformedEventException(e.getMessage(), e);
    }
  }

  private static String text(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || !node.isTextual()) {
      throw new MalformedEventException("missing field " + field);
    }
    return node.asText();
  }

  /** A message that is not a well-formed envelope or payload. */
  public static final class MalformedEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedEventException(String message) {
      super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
