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
 */
public record AlertEvent(
    String category, String level, String certificate, List<String> domains, String message) {

  public AlertEvent {
    domains = List.copyOf(domains);
  }
}
