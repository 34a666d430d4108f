package dev.certflow.api.service.alert;

import dev.certflow.api.entity.AlertEntity;
import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.api.entity.OutboxEntry;
import dev.certflow.api.entity.OutboxWritten;
import dev.certflow.events.AlertEvent;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.util.List;
import java.util.UUID;

/**
 * Writes alert events to the outbox, in the caller's transaction, for the notifier, and keeps each
 * alert (its id is the event id) for the delivery history.
 */
@ApplicationScoped
public class AlertPublisher {

  private final Topics topics;
  private final Event<OutboxWritten> written;

  AlertPublisher(Topics topics, Event<OutboxWritten> written) {
    this.topics = topics;
    this.written = written;
  }

  public void raise(CertificateEntity certificate, String category, String level, String message) {
    raise(certificate.name, certificate.domainList(), category, level, message);
  }

  /** An alert about a certificate by name ('' and no domains for an agent's own problem). */
  public void raise(
      String certificate, List<String> domains, String category, String level, String message) {
    publish(new AlertEvent(category, level, certificate, domains, message));
  }

  /** A test message for one channel; returns the alert's id. */
  public UUID test(String channel) {
    return publish(
        new AlertEvent(
            "test",
            "info",
            "",
            List.of(),
            "certflow test message for channel " + channel,
            channel));
  }

  private UUID publish(AlertEvent alert) {
    Envelope<AlertEvent> envelope = Envelope.of(EventType.ALERT, alert);
    AlertEntity entity = new AlertEntity();
    entity.id = UUID.fromString(envelope.eventId());
    entity.certificate = alert.certificate();
    entity.category = alert.category();
    entity.level = alert.level();
    entity.message = alert.message();
    entity.channel = alert.channel();
    entity.occurredAt = envelope.occurredAt();
    entity.persist();
    OutboxEntry.of(topics.alerts(), alert.certificate(), EventJson.write(envelope)).persist();
    written.fire(new OutboxWritten());
    return entity.id;
  }
}
