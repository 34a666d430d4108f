package dev.certflow.api.service.ca;

import dev.certflow.api.entity.CaHoldEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Holds on ordering from a CA: after a {@code rateLimited} answer until its Retry-After, and after
 * a pause until an operator says it is lifted (or a day has passed, when one order tries again).
 * The renewal scheduler skips certificates whose next CA is held; a hold ends early when an order
 * at that CA succeeds.
 */
@ApplicationScoped
public class CaHolds {

  private static final Logger LOG = Logger.getLogger(CaHolds.class);

  private final EntityManager em;

  CaHolds(EntityManager em) {
    this.em = em;
  }

  /** The hold on a CA that is in force now, if any. */
  public Optional<CaHoldEntity> active(String ca) {
    return Optional.ofNullable(em.find(CaHoldEntity.class, ca))
        .filter(h -> h.active(Instant.now()));
  }

  public List<CaHoldEntity> all() {
    return CaHoldEntity.listAll();
  }

  /**
   * Holds a CA until {@code until} (a later hold already in force stays). Returns whether this
   * starts a pause that was not known before: the one moment to alert.
   */
  public boolean hold(String ca, String kind, Instant until, String detail, String unpauseUrl) {
    Instant now = Instant.now();
    CaHoldEntity hold = em.find(CaHoldEntity.class, ca, LockModeType.PESSIMISTIC_WRITE);
    boolean newPause =
        CaHoldEntity.PAUSED.equals(kind)
            && (hold == null || !CaHoldEntity.PAUSED.equals(hold.kind));
    if (hold == null) {
      hold = new CaHoldEntity();
      hold.ca = ca;
      hold.since = now;
      hold.until = until;
      hold.kind = kind;
      hold.detail = detail;
      hold.unpauseUrl = unpauseUrl;
      em.persist(hold);
    } else {
      if (until.isAfter(hold.until) || !hold.active(now)) {
        hold.until = until;
      }
      // A pause outranks a rate limit: it is not lifted by waiting.
      if (CaHoldEntity.PAUSED.equals(kind) || !CaHoldEntity.PAUSED.equals(hold.kind)) {
        hold.kind = kind;
        hold.detail = detail;
        hold.unpauseUrl = unpauseUrl;
      }
    }
    LOG.warnf("%s: no orders until %s (%s): %s", ca, hold.until, kind, detail);
    return newPause;
  }

  /** Ends a hold; returns whether there was one. */
  public boolean release(String ca) {
    CaHoldEntity hold = em.find(CaHoldEntity.class, ca, LockModeType.PESSIMISTIC_WRITE);
    if (hold == null) {
      return false;
    }
    em.remove(hold);
    // Certificates that were waiting for the hold to end (or backing off inside it) go now.
    int waiting =
        em.createNativeQuery(
                "update certificate set next_attempt_at = now() where acme"
                    + " and current_order_id is null and next_attempt_at > now()"
                    + " and next_attempt_at <= ?2 and (string_to_array(acme_ca, ','))[ca_index %"
                    + " cardinality(string_to_array(acme_ca, ',')) + 1] = ?1")
            .setParameter(1, ca)
            .setParameter(2, hold.until)
            .executeUpdate();
    LOG.infof("%s: orders resume (%s hold ended; %d certificates waiting)", ca, hold.kind, waiting);
    return true;
  }
}
