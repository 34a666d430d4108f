package dev.certflow.api.service.bundle;

import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.api.entity.CertificateVersionEntity;
import dev.certflow.api.entity.OutboxEntry;
import dev.certflow.api.entity.OutboxWritten;
import dev.certflow.api.service.keys.KeyVault;
import dev.certflow.events.CertificateBundle;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import java.util.Arrays;

/**
 * Writes a certificate's current bundle (or its tombstone) to the outbox, inside the caller's
 * transaction, with the private key sealed for the agents. A caller that holds the key already (an
 * upload, an issued order) hands it over; only republishing opens it from its master-key seal.
 */
@ApplicationScoped
public class BundlePublisher {

  private final Topics topics;
  private final KeyVault vault;
  private final Event<OutboxWritten> written;
  private final EntityManager em;

  BundlePublisher(Topics topics, KeyVault vault, Event<OutboxWritten> written, EntityManager em) {
    this.topics = topics;
    this.vault = vault;
    this.written = written;
    this.em = em;
  }

  /** Republishes a stored version (settings changed, keys rotated): opens its key once. */
  public void publish(CertificateEntity certificate, CertificateVersionEntity version) {
    byte[] key = vault.openKey(certificate.name, version.sealedKey);
    try {
      publish(certificate, version, key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * Publishes a version whose private key the caller holds in plain (PKCS#8), sealing it for the
   * agents; the caller clears the key.
   */
  public void publish(CertificateEntity certificate, CertificateVersionEntity version, byte[] key) {
    String sealedForAgents = vault.sealForAgents(certificate.name, key);
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
    unpublished(certificate);
    written.fire(new OutboxWritten());
  }

  /**
   * Until the relay has this record's offset, no node can be shown as serving the current state:
   * the offset of the previous record would say so of nodes that have only read that one.
   */
  private void unpublished(CertificateEntity certificate) {
    if (certificate.publishedOffset == null && certificate.publishedPartition == null) {
      return; // a new certificate, or one not yet relayed: nothing to clear
    }
    em.createNativeQuery(
            "update certificate set published_partition = null, published_offset = null,"
                + " published_at = null where id = ?1")
        .setParameter(1, certificate.id)
        .executeUpdate();
    certificate.publishedPartition = null;
    certificate.publishedOffset = null;
    certificate.publishedAt = null;
  }

  public void tombstone(String name) {
    OutboxEntry.of(topics.certificates(), name, null).persist();
    written.fire(new OutboxWritten());
  }
}
