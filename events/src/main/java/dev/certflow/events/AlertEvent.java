package dev.certflow.events;

import java.util.List;

/**
 * Something about a certificate that people should hear about.
 *
 * @param category issued, renewed, issuance_failed, expiring, expired, ...
 * @param level info, warning or critical
 * @param certificate the certificate's name (also the Kafka key)
 * @param domains its names
 * @param message for a person to read
 * @param channel only this channel receives it (a test message), or null for every matching one
 */
public record AlertEvent(
    String category,
    String level,
    String certificate,
    List<String> domains,
    String message,
    String channel) {

  public AlertEvent {
    domains = List.copyOf(domains);
  }

  /** An alert for every channel that takes its category. */
  public AlertEvent(
      String category, String level, String certificate, List<String> domains, String message) {
    this(category, level, certificate, domains, message, null);
  }
}
