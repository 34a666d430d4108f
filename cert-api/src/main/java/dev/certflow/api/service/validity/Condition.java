package dev.certflow.api.service.validity;

/**
 * A problem that holds now and should be alerted once, until it clears.
 *
 * @param certificate the certificate's name ('' for a problem of an agent alone)
 * @param category expiring, expired, renewal_overdue, certificate_invalid, agent_lagging,
 *     agent_files or sealed_elsewhere
 * @param subject what else identifies it (the agent), or ''
 * @param tier a change of tier is a new alert (expiring: "window", then "1d")
 * @param level warning or critical
 * @param message for a person to read
 */
public record Condition(
    String certificate,
    String category,
    String subject,
    String tier,
    String level,
    String message) {

  /** The identity of the problem, whatever its tier. */
  public String key() {
    return certificate + "\u0000" + category + "\u0000" + subject;
  }
}
