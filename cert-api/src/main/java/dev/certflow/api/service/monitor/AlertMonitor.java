package dev.certflow.api.service.monitor;

import dev.certflow.api.config.CertflowConfig;
import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.api.entity.OutboxWritten;
import dev.certflow.api.service.SqlValues;
import dev.certflow.api.service.agent.AgentFleet;
import dev.certflow.api.service.agent.AgentStatusStore;
import dev.certflow.api.service.alert.AlertPublisher;
import dev.certflow.api.service.keys.SealCheck;
import dev.certflow.api.service.validity.Condition;
import dev.certflow.api.service.validity.ValidityIndex;
import dev.certflow.api.service.validity.ValidityRules;
import dev.certflow.events.AgentStatus;
import dev.certflow.kafka.ScheduledRounds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches every certificate and every node, and raises each problem once per change of state: the
 * problems alerted now are rows of {@code alert_state}, compared with what holds now under a
 * PostgreSQL advisory lock, so several cert-api replicas raise nothing twice. A problem that lasts
 * is alerted again after the reminder interval; one that clears raises {@code recovered}. A change
 * (a certificate saved or issued) is checked at once, the rest every {@code alert-check}.
 */
@ApplicationScoped
public class AlertMonitor {

  private static final long LOCK_ID = 0x63657274616c7274L; // "certalrt"

  private final EntityManager em;
  private final AlertPublisher alerts;
  private final AgentStatusStore agents;
  private final AgentFleet fleet;
  private final SealCheck sealCheck;
  private final CertflowConfig config;
  private final AtomicBoolean changed = new AtomicBoolean(true);
  private final Timer scans;
  private final ScheduledRounds rounds =
      new ScheduledRounds("alert-monitor", Duration.ofMinutes(5));
  private volatile long lastScan;

  AlertMonitor(
      EntityManager em,
      AlertPublisher alerts,
      AgentStatusStore agents,
      AgentFleet fleet,
      SealCheck sealCheck,
      CertflowConfig config,
      MeterRegistry registry) {
    this.scans =
        Timer.builder("certflow.alert.scan")
            .description("Passes of the alert scan")
            .register(registry);
    this.em = em;
    this.alerts = alerts;
    this.agents = agents;
    this.fleet = fleet;
    this.sealCheck = sealCheck;
    this.config = config;
  }

  void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten event) {
    changed.set(true);
  }

  @Scheduled(every = "1s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void tick() {
    rounds.run(
        () -> {
          if (!agents.caughtUp()) {
            return; // without the nodes' reports every node would look silent or behind
          }
          if (changed.getAndSet(false)
              || System.nanoTime() - lastScan > config.alertCheck().toNanos()) {
            scans.record(
                () -> {
                  scan();
                });
          }
        });
  }

  @PreDestroy
  void close() {
    rounds.close();
  }

  /** Checks everything now; returns how many alerts it raised (0 when another replica checks). */
  @Transactional
  public int scan() {
    lastScan = System.nanoTime();
    Object locked =
        em.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
            .setParameter(1, LOCK_ID)
            .getSingleResult();
    if (!Boolean.TRUE.equals(locked)) {
      return 0;
    }
    Instant now = Instant.now();
    Map<String, Current> byName = new HashMap<>();
    List<Condition> holding = new ArrayList<>();
    for (Current certificate : candidates(now)) {
      byName.put(certificate.name(), certificate);
      holding.addAll(
          ValidityRules.check(
              certificate.name(),
              certificate.acme(),
              certificate.bufferDays(),
              certificate.notBefore(),
              certificate.notAfter(),
              config.defaultBufferDays(),
              now));
      chainProblem(certificate, now).ifPresent(holding::add);
    }
    holding.addAll(lagging(now));
    sealedElsewhere().ifPresent(holding::add);
    return reconcile(holding, byName, now);
  }

  /**
   * The certificates that may have a problem now: those past their alert threshold or with an
   * expired issuer (both indexed columns kept by {@link ValidityIndex}), and those alerted before,
   * which may have recovered. A scan so costs in proportion to the problems, not to the number of
   * certificates.
   */
  private List<Current> candidates(Instant now) {
    String columns =
        "select c.name, c.acme, c.buffer_days, c.domains, c.not_before, c.not_after,"
            + " c.issuer_not_after from certificate c where c.current_version is not null and ";
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                columns
                    + "c.alert_at <= ?1 union "
                    + columns
                    + "c.issuer_not_after < ?1 and c.not_after > ?1 union "
                    + columns
                    + "c.name in (select certificate from alert_state where certificate <> '')")
            .setParameter(1, now)
            .getResultList();
    return rows.stream().map(Current::of).toList();
  }

  /** A certificate's current version as the rules see it. */
  private record Current(
      String name,
      boolean acme,
      Integer bufferDays,
      String domains,
      Instant notBefore,
      Instant notAfter,
      Instant issuerNotAfter) {

    static Current of(Object[] row) {
      return new Current(
          (String) row[0],
          (Boolean) row[1],
          (Integer) row[2],
          (String) row[3],
          SqlValues.instant(row[4]),
          SqlValues.instant(row[5]),
          SqlValues.instant(row[6]));
    }
  }

  /**
   * Private keys that do not open under this cert-api's master key (a restore, a rotation done
   * wrong, two installations on one database): their certificates cannot be served anew, and only
   * an operator can fix that. Checked on a sample of the newest keys, so the scan stays cheap.
   */
  private Optional<Condition> sealedElsewhere() {
    SealCheck.Verdict verdict = sealCheck.verdict();
    if (verdict.unopened().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Condition(
            "",
            "sealed_elsewhere",
            "private_keys",
            "",
            "critical",
            verdict.unopened().size()
                + " of the "
                + verdict.checked()
                + " newest private keys do not open under CERTFLOW_MASTER_KEY ("
                + String.join(", ", verdict.unopened())
                + "): start cert-api with the key that sealed them (NEW,OLD while rotating), or"
                + " upload those certificates again"));
  }

  /** An issuer in the chain that expired while the leaf is still valid. */
  private static Optional<Condition> chainProblem(Current certificate, Instant now) {
    Instant issuerEnd = certificate.issuerNotAfter();
    if (issuerEnd == null || !issuerEnd.isBefore(now) || !certificate.notAfter().isAfter(now)) {
      return Optional.empty();
    }
    String name = certificate.name();
    return Optional.of(
        new Condition(
            name,
            "certificate_invalid",
            "",
            "chain",
            "critical",
            name + ": the chain no longer validates: an issuer expired at " + issuerEnd));
  }

  /**
   * One condition per node: silent, or behind on certificates changed longer ago than the lag
   * allowed. One alert per node, not per certificate, so a node that falls behind on a fleet of
   * certificates raises one alert that names how many and which first.
   */
  private List<Condition> lagging(Instant now) {
    List<Condition> found = new ArrayList<>();
    for (AgentStatus agent : fleet.agents()) {
      if (fleet.silent(agent, now)) {
        found.add(
            new Condition(
                "",
                "agent_lagging",
                agent.agentId(),
                "silent",
                "warning",
                "agent " + agent.agentId() + " has not reported since " + agent.reportedAt()));
        continue;
      }
      if (agent.fileFailures() > 0) {
        found.add(
            new Condition(
                "",
                "agent_files",
                agent.agentId(),
                "failing",
                "critical",
                "agent "
                    + agent.agentId()
                    + " serves "
                    + agent.fileFailures()
                    + (agent.fileFailures() == 1 ? " certificate" : " certificates")
                    + " it cannot write to its certificate directory, so an external proxy"
                    + " reading them lags: "
                    + agent.fileError()
                    + ". Make the directory writable or free space; the agent retries on its own."));
      }
      if (agent.rejectedCount() > 0) {
        // A forged or replayed record, or one sealed under another agent key: the node keeps
        // serving what it had, but someone wrote to the certificates topic or a key is wrong.
        AgentStatus.Rejected first = agent.rejected().isEmpty() ? null : agent.rejected().get(0);
        found.add(
            new Condition(
                "",
                "agent_rejected",
                agent.agentId(),
                "rejecting",
                "critical",
                "agent "
                    + agent.agentId()
                    + " refused the latest record of "
                    + agent.rejectedCount()
                    + (agent.rejectedCount() == 1 ? " certificate" : " certificates")
                    + (first == null
                        ? ""
                        : " (first: " + first.name() + ", " + first.reason() + ")")
                    + " and keeps serving what it had. A record not signed by cert-api or replayed"
                    + " means someone else wrote to the certificates topic; a key that does not"
                    + " open means the node's CERTFLOW_AGENT_KEY differs from cert-api's."));
      }
      AgentFleet.Lag lag = fleet.lag(agent, now.minus(config.agentLagAfter()), 5);
      if (lag.count() > 0) {
        found.add(
            new Condition(
                "",
                "agent_lagging",
                agent.agentId(),
                "behind",
                "warning",
                "agent "
                    + agent.agentId()
                    + " does not serve the current version of "
                    + lag.count()
                    + (lag.count() == 1 ? " certificate: " : " certificates: ")
                    + String.join(", ", lag.first())
                    + (lag.count() > lag.first().size() ? ", ..." : "")));
      }
    }
    return found;
  }

  private int reconcile(List<Condition> holding, Map<String, Current> byName, Instant now) {
    Map<String, Object[]> alerted = new LinkedHashMap<>();
    for (Object[] row : alertState()) {
      alerted.put(row[0] + "\u0000" + row[1] + "\u0000" + row[2], row);
    }
    int raised = 0;
    for (Condition condition : holding) {
      Object[] previous = alerted.remove(condition.key());
      if (previous == null) {
        em.createNativeQuery(
                "insert into alert_state (certificate, category, subject, tier, raised_at,"
                    + " reminded_at) values (?1, ?2, ?3, ?4, ?5, ?5)")
            .setParameter(1, condition.certificate())
            .setParameter(2, condition.category())
            .setParameter(3, condition.subject())
            .setParameter(4, condition.tier())
            .setParameter(5, now)
            .executeUpdate();
        raise(condition, byName, condition.message());
        raised++;
      } else if (!condition.tier().equals(previous[3])) {
        update(condition, now, "tier = ?4, raised_at = ?5, reminded_at = ?5");
        raise(condition, byName, condition.message());
        raised++;
      } else if (remindedAt(previous[4]).plus(config.alertReminder()).isBefore(now)) {
        update(condition, now, "reminded_at = ?5");
        raise(condition, byName, "still: " + condition.message());
        raised++;
      }
    }
    for (Object[] cleared : alerted.values()) {
      em.createNativeQuery(
              "delete from alert_state where certificate = ?1 and category = ?2 and subject = ?3")
          .setParameter(1, cleared[0])
          .setParameter(2, cleared[1])
          .setParameter(3, cleared[2])
          .executeUpdate();
      String certificate = (String) cleared[0];
      if (!certificate.isEmpty() && !byName.containsKey(certificate)) {
        continue; // the certificate was deleted: nothing recovered, nothing to say
      }
      String what = cleared[1] + (((String) cleared[2]).isEmpty() ? "" : " (" + cleared[2] + ")");
      raise(
          new Condition(certificate, "recovered", (String) cleared[2], "", "info", ""),
          byName,
          (certificate.isEmpty() ? "" : certificate + ": ") + what + " has cleared");
      raised++;
    }
    return raised;
  }

  @SuppressWarnings("unchecked") // a native query of several columns gives Object[] rows
  private List<Object[]> alertState() {
    return em.createNativeQuery(
            "select certificate, category, subject, tier, reminded_at from alert_state")
        .getResultList();
  }

  private void update(Condition condition, Instant now, String set) {
    em.createNativeQuery(
            "update alert_state set "
                + set
                + " where certificate = ?1 and category = ?2 and subject = ?3")
        .setParameter(1, condition.certificate())
        .setParameter(2, condition.category())
        .setParameter(3, condition.subject())
        .setParameter(4, condition.tier())
        .setParameter(5, now)
        .executeUpdate();
  }

  private static Instant remindedAt(Object value) {
    return value instanceof Timestamp t ? t.toInstant() : (Instant) value;
  }

  private void raise(Condition condition, Map<String, Current> byName, String message) {
    Current certificate = byName.get(condition.certificate());
    alerts.raise(
        condition.certificate(),
        certificate == null ? List.of() : CertificateEntity.domainList(certificate.domains()),
        condition.category(),
        condition.level(),
        message);
  }
}
