package dev.certflow.testing;

/** Records no consumer can apply, for the tests that prove each consumer goes on past them. */
public final class PoisonSamples {

  /** Not JSON at all. */
  public static final String MALFORMED = "{\"event_id\": 7, this is not json";

  private PoisonSamples() {}

  /** The same envelope as a newer certflow would write it: a schema this build must not guess. */
  public static String newerSchema(String envelope) {
    String newer = envelope.replace("\"schema_version\":1", "\"schema_version\":2");
    if (newer.equals(envelope)) {
      throw new IllegalArgumentException("not an envelope of schema version 1");
    }
    return newer;
  }
}
