package dev.certflow.api.service;

import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.api.entity.OutboxEntry;
import dev.certflow.api.messaging.OutboxWritten;
import dev.certflow.events.AlertEvent;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

/** Writes alert events to the outbox, in the caller's transaction, for the notifier. */
@ApplicationScoped
public class AlertPublisher {

  private final Topics topics;
  private final Event<OutboxWritten> written;

  AlertPublisher(Topics topics, Event<OutboxWritten> written) {
    this.topics = topics;
    this.written = written;
  }

  public void raise(CertificateEntity certificate, String category, String level, String message) {
    AlertEvent alert =
        new AlertEvent(category, level, certificate.name, certificate.domainList(), message);
    OutboxEntry.of(
            topics.alerts(), certificate.name, EventJson.write(Envelope.of(EventType.ALERT, alert)))
        .persist();
    written.fire(new OutboxWritten());
  }
}
