package dev.certflow.api.service.keys;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * At start, opens a sample of the private keys stored: a database whose keys do not open under this
 * cert-api's master key at all is another installation's (or a restore with the wrong key), and
 * starting on it would only fill the logs with failures, so start-up is refused with the cause and
 * the fix. A few rows that do not open are reported and shown flagged.
 */
@ApplicationScoped
public class SealCheck {

  private static final Logger LOG = Logger.getLogger(SealCheck.class);
  static final int SAMPLE = 20;

  /**
   * How many sealed keys were tried and how many opened.
   *
   * @param unopened the certificates whose key did not open
   */
  public record Verdict(int checked, int opened, List<String> unopened) {

    public Verdict(int checked, int opened) {
      this(checked, opened, List.of());
    }

    /** None of several opened: this database was sealed under other keys. */
    public boolean foreign() {
      return checked > 0 && opened == 0;
    }
  }

  private final EntityManager em;
  private final KeyVault vault;

  SealCheck(EntityManager em, KeyVault vault) {
    this.em = em;
    this.vault = vault;
  }

  // Before the other start-up observers: nothing should start working on a foreign database.
  void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
    Verdict verdict = verdict();
    if (verdict.foreign()) {
      throw new IllegalStateException(
          "refusing to start: none of the "
              + verdict.checked()
              + " private keys checked opens under CERTFLOW_MASTER_KEY, so this database holds"
              + " another installation's data or was sealed under another key. Point cert-api at"
              + " its own database (CERTFLOW_DB_URL; bin/certflow: CERTFLOW_DB_NAME) or start it"
              + " with the master key that sealed it (NEW,OLD while rotating).");
    }
    if (verdict.opened() < verdict.checked()) {
      LOG.warnf(
          "%d of %d private keys checked do not open under CERTFLOW_MASTER_KEY; their"
              + " certificates are listed with a warning",
          verdict.checked() - verdict.opened(), verdict.checked());
    }
  }

  /** Tries the newest stored keys (a sample: the check must stay cheap at 100,000 rows). */
  @Transactional
  public Verdict verdict() {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "select c.name, v.sealed_key from certificate_version v"
                    + " join certificate c on c.id = v.certificate_id"
                    + " order by v.id desc limit "
                    + SAMPLE)
            .getResultList();
    int opened = 0;
    List<String> unopened = new ArrayList<>();
    for (Object[] row : rows) {
      try {
        byte[] key = vault.openKey((String) row[0], (String) row[1]);
        Arrays.fill(key, (byte) 0);
        opened++;
      } catch (RuntimeException e) {
        unopened.add((String) row[0]);
      }
    }
    return new Verdict(rows.size(), opened, List.copyOf(unopened));
  }
}
