package dev.certflow.api.service;

import dev.certflow.api.config.CertflowConfig;
import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.api.messaging.OutboxWritten;
import dev.certflow.api.pem.CertificateChainReader;
import dev.certflow.api.pem.PemException;
import dev.certflow.events.AgentStatus;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private final CertflowConfig config;
  private final AtomicBoolean changed = new AtomicBoolean(true);
  private volatile long lastScan;

  AlertMonitor(
      EntityManager em, AlertPublisher alerts, AgentStatusStore agents, CertflowConfig config) {
    this.em = em;
    this.alerts = alerts;
    this.agents = agents;
    this.config = config;
  }

  void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten event) {
    changed.set(true);
  }

  @Scheduled(every = "1s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void tick() {
    if (!agents.caughtUp()) {
      return; // without the nodes' reports every node would look silent or behind
    }
    if (changed.getAndSet(false) || System.nanoTime() - lastScan > config.alertCheck().toNanos()) {
      scan();
    }
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
    // Only the columns the rules need, not entities: a scan runs every second while things change.
    List<Current> current =
        em
            .createQuery(
                "select c.name, c.acme, c.bufferDays, c.domains, v.id, v.version, v.notBefore,"
                    + " v.notAfter, v.chainLength, v.createdAt from CertificateEntity c join"
                    + " CertificateVersionEntity v on v.certificateId = c.id"
                    + " and v.version = c.currentVersion",
                Object[].class)
            .getResultList()
            .stream()
            .map(Current::of)
            .toList();
    for (Current certificate : current) {
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
    if (chains.size() > 2 * current.size() + 100) {
      chains.clear(); // versions no longer current; they are parsed again if ever needed
    }
    holding.addAll(lagging(current, now));
    return reconcile(holding, byName, now);
  }

  /**
   * What the chain check needs of a stored version: its first issuer to expire, or why the chain
   * does not read. Versions never change, so each chain is parsed once, not at every scan.
   */
  private record ChainFacts(Instant issuerExpiry, String issuer, String unreadable) {}

  private final Map<Long, ChainFacts> chains = new java.util.concurrent.ConcurrentHashMap<>();

  /** A certificate's current version as the rules see it. */
  private record Current(
      String name,
      boolean acme,
      Integer bufferDays,
      String domains,
      long versionId,
      int version,
      Instant notBefore,
      Instant notAfter,
      int chainLength,
      Instant createdAt) {

    static Current of(Object[] row) {
      return new Current(
          (String) row[0],
          (Boolean) row[1],
          (Integer) row[2],
          (String) row[3],
          (Long) row[4],
          (Integer) row[5],
          (Instant) row[6],
          (Instant) row[7],
          (Integer) row[8],
          (Instant) row[9]);
    }
  }

  private ChainFacts chainFacts(long versionId) {
    return chains.computeIfAbsent(
        versionId,
        id -> {
          try {
            String fullchain =
                (String)
                    em.createQuery(
                            "select v.fullchain from CertificateVersionEntity v where v.id = ?1")
                        .setParameter(1, id)
                        .getSingleResult();
            List<X509Certificate> chain = CertificateChainReader.read(fullchain);
            X509Certificate first = null;
            for (X509Certificate issuer : chain.subList(1, chain.size())) {
              if (first == null
                  || issuer.getNotAfter().toInstant().isBefore(first.getNotAfter().toInstant())) {
                first = issuer;
              }
            }
            return first == null
                ? new ChainFacts(null, null, null)
                : new ChainFacts(
                    first.getNotAfter().toInstant(),
                    first.getSubjectX500Principal().getName(),
                    null);
          } catch (PemException e) {
            return new ChainFacts(null, null, e.getMessage());
          }
        });
  }

  /** An issuer in the chain that expired while the leaf is still valid. */
  private java.util.Optional<Condition> chainProblem(Current certificate, Instant now) {
    String name = certificate.name();
    if (certificate.chainLength() < 2 || !certificate.notAfter().isAfter(now)) {
      return java.util.Optional.empty();
    }
    ChainFacts facts = chainFacts(certificate.versionId());
    if (facts.unreadable() != null) {
      return java.util.Optional.of(
          new Condition(
              name,
              "certificate_invalid",
              "",
              "unreadable",
              "critical",
              name + ": " + facts.unreadable()));
    }
    if (facts.issuerExpiry() != null && facts.issuerExpiry().isBefore(now)) {
      return java.util.Optional.of(
          new Condition(
              name,
              "certificate_invalid",
              "",
              "chain",
              "critical",
              name
                  + ": the chain no longer validates: "
                  + facts.issuer()
                  + " expired at "
                  + facts.issuerExpiry()));
    }
    return java.util.Optional.empty();
  }

  private List<Condition> lagging(List<Current> current, Instant now) {
    List<Condition> found = new ArrayList<>();
    for (AgentStatus agent : agents.all()) {
      if (agent.reportedAt().isBefore(now.minus(config.agentSilentAfter()))) {
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
      Map<String, AgentStatus.Served> served = new HashMap<>();
      agent.certificates().forEach(s -> served.put(s.name(), s));
      for (Current certificate : current) {
        AgentStatus.Served serving = served.get(certificate.name());
        boolean behind = serving == null || serving.version() < certificate.version();
        if (behind && certificate.createdAt().isBefore(now.minus(config.agentLagAfter()))) {
          found.add(
              new Condition(
                  certificate.name(),
                  "agent_lagging",
                  agent.agentId(),
                  "behind",
                  "warning",
                  "agent "
                      + agent.agentId()
                      + (serving == null
                          ? " does not serve " + certificate.name()
                          : " serves version " + serving.version() + " of " + certificate.name())
                      + "; the current version is "
                      + certificate.version()));
        }
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
    return value instanceof java.sql.Timestamp t ? t.toInstant() : (Instant) value;
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
