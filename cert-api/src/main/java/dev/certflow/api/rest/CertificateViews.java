package dev.certflow.api.rest;

import dev.certflow.api.config.CertflowConfig;
import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.api.entity.CertificateVersionEntity;
import dev.certflow.api.service.AgentStatusStore;
import dev.certflow.api.service.CertificateStatus;
import dev.certflow.api.service.KeyVault;
import dev.certflow.api.service.SecretRedactor;
import dev.certflow.api.service.StoredCertificate;
import dev.certflow.api.service.ValidityRules;
import dev.certflow.events.AgentStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Builds the views the API returns: certificates with their rollout, and agents. */
@ApplicationScoped
public class CertificateViews {

  private final CertflowConfig config;
  private final AgentStatusStore agents;
  private final KeyVault vault;

  CertificateViews(CertflowConfig config, AgentStatusStore agents, KeyVault vault) {
    this.config = config;
    this.agents = agents;
    this.vault = vault;
  }

  /** A snapshot of the agents' reports, taken once per request. */
  public AgentSnapshot agentSnapshot() {
    return new AgentSnapshot(agents.all());
  }

  public CertificateStatus status(StoredCertificate stored, Instant now) {
    CertificateEntity c = stored.certificate();
    if (stored.current() == null && c.lastError != null) {
      return CertificateStatus.FAILED;
    }
    CertificateVersionEntity v = stored.current();
    if (v == null) {
      return CertificateStatus.PENDING;
    }
    return CertificateStatus.of(
        v.notAfter,
        ValidityRules.expiringWithin(
            c.acme, c.bufferDays, v.notBefore, v.notAfter, config.defaultBufferDays()),
        now);
  }

  public CertificateView view(StoredCertificate stored, AgentSnapshot agentReports) {
    CertificateEntity c = stored.certificate();
    CertificateVersionEntity v = stored.current();
    Instant now = Instant.now();
    String url =
        c.dnsServiceUrlSealed == null
            ? null
            : SecretRedactor.redactUrl(vault.openUrl(c.name, c.dnsServiceUrlSealed));
    return new CertificateView(
        c.name,
        c.domainList(),
        c.isDefault,
        c.isCa,
        c.acme,
        c.acmeCa,
        c.acme ? c.keyType : null,
        c.dnsChallenge,
        c.dnsProvider,
        url,
        c.bufferDays,
        c.remark,
        status(stored, now).label(),
        v == null ? null : v.version,
        v == null ? null : v.subject,
        v == null ? null : v.sanList(),
        v == null ? null : v.issuer,
        v == null ? null : v.serial,
        v == null ? null : v.notBefore,
        v == null ? null : v.notAfter,
        v == null ? null : Duration.between(now, v.notAfter).toDays(),
        v == null ? null : v.keyType,
        v == null ? null : v.keySize,
        v == null ? null : v.chainLength,
        v == null ? null : v.fingerprintSha256,
        v != null,
        v == null ? null : v.fullchain,
        deployments(c.name, v, agentReports, now),
        c.lastError,
        c.nextAttemptAt,
        c.attempts,
        c.currentOrderId != null,
        c.createdAt,
        c.updatedAt,
        stored.warnings());
  }

  private List<CertificateView.Deployment> deployments(
      String name, CertificateVersionEntity current, AgentSnapshot reports, Instant now) {
    List<CertificateView.Deployment> result = new ArrayList<>();
    for (AgentStatus agent : reports.agents()) {
      Optional<AgentStatus.Served> served = Optional.ofNullable(reports.served(agent, name));
      String state =
          served.isEmpty()
              ? "missing"
              : current != null && current.serial.equals(served.get().serial())
                  ? "current"
                  : "behind";
      result.add(
          new CertificateView.Deployment(
              agent.agentId(),
              served.map(AgentStatus.Served::version).orElse(null),
              served.map(AgentStatus.Served::serial).orElse(null),
              state,
              silent(agent, now),
              agent.reportedAt()));
    }
    return result;
  }

  public List<AgentView> agentViews(List<StoredCertificate> certificates) {
    Map<String, String> currentSerials =
        certificates.stream()
            .filter(s -> s.current() != null)
            .collect(Collectors.toMap(s -> s.certificate().name, s -> s.current().serial));
    Map<String, StoredCertificate> byName =
        certificates.stream()
            .collect(Collectors.toMap(s -> s.certificate().name, Function.identity()));
    Instant now = Instant.now();
    List<AgentView> views = new ArrayList<>();
    for (AgentStatus agent : agents.all()) {
      List<AgentView.Served> served = new ArrayList<>();
      int behind = 0;
      for (AgentStatus.Served s : agent.certificates()) {
        String state =
            !byName.containsKey(s.name())
                ? "unknown"
                : s.serial().equals(currentSerials.get(s.name())) ? "current" : "behind";
        if (!"current".equals(state)) {
          behind++;
        }
        served.add(new AgentView.Served(s.name(), s.version(), s.serial(), s.notAfter(), state));
      }
      long missing =
          currentSerials.keySet().stream()
              .filter(n -> agent.certificates().stream().noneMatch(s -> s.name().equals(n)))
              .count();
      views.add(
          new AgentView(
              agent.agentId(),
              agent.tlsAddress(),
              agent.ready(),
              silent(agent, now),
              agent.reportedAt(),
              behind + (int) missing,
              served));
    }
    views.sort(java.util.Comparator.comparing(AgentView::agentId));
    return views;
  }

  private boolean silent(AgentStatus agent, Instant now) {
    return agent.reportedAt().plus(config.agentSilentAfter()).isBefore(now);
  }
}
