package dev.certflow.api.service;

import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.api.entity.CertificateVersionEntity;
import dev.certflow.api.entity.OutboxEntry;
import dev.certflow.api.messaging.OutboxWritten;
import dev.certflow.events.CertificateBundle;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.util.Arrays;

/**
 * Writes a certificate's current bundle (or its tombstone) to the outbox, inside the caller's
 * transaction. The private key is opened from its master-key seal and sealed anew for the agents.
 */
@ApplicationScoped
public class BundlePublisher {

  private final Topics topics;
  private final KeyVault vault;
  private final Event<OutboxWritten> written;

  BundlePublisher(Topics topics, KeyVault vault, Event<OutboxWritten> written) {
    this.topics = topics;
    this.vault = vault;
    this.written = written;
  }

  public void publish(CertificateEntity certificate, CertificateVersionEntity version) {
    byte[] key = vault.openKey(certificate.name, version.sealedKey);
    String sealedForAgents;
    try {
      sealedForAgents = vault.sealForAgents(certificate.name, key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    CertificateBundle bundle =
        new CertificateBundle(
            certificate.name,
            version.version,
            certificate.domainList(),
            certificate.isDefault,
            certificate.isCa,
            version.fullchain,
            sealedForAgents,
            version.serial,
            version.notBefore,
            version.notAfter);
    String payload = EventJson.write(Envelope.of(EventType.CERTIFICATE_BUNDLE, bundle));
    OutboxEntry.of(topics.certificates(), certificate.name, payload).persist();
    written.fire(new OutboxWritten());
  }

  public void tombstone(String name) {
    OutboxEntry.of(topics.certificates(), name, null).persist();
    written.fire(new OutboxWritten());
  }
}
