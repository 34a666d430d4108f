package dev.certflow.api.service.rotation;

import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.api.entity.CertificateVersionEntity;
import dev.certflow.api.service.bundle.BundlePublisher;
import dev.certflow.api.service.channel.ChannelService;
import dev.certflow.api.service.keys.KeyVault;
import dev.certflow.api.service.keys.Sealers;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Finishes a key rotation at start-up. A key setting may list the new key first and the old one
 * after it (see {@link dev.certflow.security.KeySealer}); when it does, every value the old master
 * key sealed is sealed again under the new one, and every certificate (agent key) or channel
 * (notifier key) is published again, so that once this has run the old key can be removed from
 * every service. Under an advisory lock, so that replicas starting together do the work once.
 */
@ApplicationScoped
public class KeyRotation {

  private static final Logger LOG = Logger.getLogger(KeyRotation.class);
  private static final long LOCK_ID = 0x63657274726f7461L; // "certrota"

  private final Sealers sealers;
  private final KeyVault vault;
  private final EntityManager em;
  private final BundlePublisher bundles;
  private final ChannelService channels;

  KeyRotation(
      Sealers sealers,
      KeyVault vault,
      EntityManager em,
      BundlePublisher bundles,
      ChannelService channels) {
    this.sealers = sealers;
    this.vault = vault;
    this.em = em;
    this.bundles = bundles;
    this.channels = channels;
  }

  void onStart(@Observes StartupEvent event) {
    boolean master = sealers.master().rotating();
    boolean agent = sealers.agent().rotating();
    boolean notify = sealers.notifier().map(s -> s.rotating()).orElse(false);
    if (master || agent || notify) {
      complete(master, agent, master || notify);
    }
  }

  /** Seals again and republishes as the rotating keys need; returns the values sealed again. */
  @Transactional
  public int complete(boolean master, boolean agent, boolean channelsToo) {
    em.createNativeQuery("select pg_advisory_xact_lock(?1)")
        .setParameter(1, LOCK_ID)
        .getSingleResult();
    int resealed = 0;
    if (master) {
      resealed += reseal("certificate_version", "private-key", "sealed_key");
      resealed += reseal("acme_order", "private-key", "sealed_key");
      resealed += resealDnsUrls();
    }
    if (channelsToo) {
      resealed += channels.resealAndRepublish();
    }
    int republished = 0;
    if (agent) {
      for (CertificateEntity certificate : CertificateEntity.<CertificateEntity>listAll()) {
        if (certificate.currentVersion != null) {
          CertificateVersionEntity version =
              CertificateVersionEntity.findVersion(certificate.id, certificate.currentVersion)
                  .orElseThrow();
          bundles.publish(certificate, version);
          republished++;
        }
      }
    }
    LOG.infof(
        "key rotation: %d value(s) sealed again under the new master key, %d certificate(s)"
            + " published again under the new agent key%s; once every service runs with the new"
            + " key first, the old one can be removed",
        resealed, republished, channelsToo ? ", every channel published again" : "");
    return resealed;
  }

  /** {@code table} has id, certificate_id and the sealed column, bound to the certificate name. */
  private int reseal(String table, String kind, String column) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "select t.id, c.name, t."
                    + column
                    + " from "
                    + table
                    + " t join certificate c on c.id = t.certificate_id")
            .getResultList();
    int count = 0;
    for (Object[] row : rows) {
      var resealed = vault.resealAtRest(kind, (String) row[1], (String) row[2]);
      if (resealed.isPresent()) {
        em.createNativeQuery("update " + table + " set " + column + " = ?1 where id = ?2")
            .setParameter(1, resealed.get())
            .setParameter(2, row[0])
            .executeUpdate();
        count++;
      }
    }
    return count;
  }

  private int resealDnsUrls() {
    int count = 0;
    for (CertificateEntity certificate :
        CertificateEntity.<CertificateEntity>list("dnsServiceUrlSealed is not null")) {
      var resealed =
          vault.resealAtRest("dns-service-url", certificate.name, certificate.dnsServiceUrlSealed);
      if (resealed.isPresent()) {
        certificate.dnsServiceUrlSealed = resealed.get();
        count++;
      }
    }
    return count;
  }
}
