package dev.certflow.api.rest;

import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.api.entity.CertificateVersionEntity;
import dev.certflow.api.service.agent.AgentFleet;
import dev.certflow.api.service.agent.Deployment;
import dev.certflow.api.service.certificate.CertificateStatus;
import dev.certflow.api.service.certificate.StoredCertificate;
import dev.certflow.api.service.keys.KeyVault;
import dev.certflow.api.service.keys.SecretRedactor;
import dev.certflow.api.service.order.RevocationReasons;
import dev.certflow.api.service.validity.RenewalPolicy;
import dev.certflow.events.AgentStatus;
import dev.certflow.security.KeySealer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds the views the API returns: certificates with their rollout, and agents. */
@ApplicationScoped
public class CertificateViews {

  private final AgentFleet fleet;
  private final KeyVault vault;

  CertificateViews(AgentFleet fleet, KeyVault vault) {
    this.fleet = fleet;
    this.vault = vault;
  }

  /** A snapshot of the agents' reports, taken once per request. */
  public AgentSnapshot agentSnapshot() {
    return new AgentSnapshot(fleet.agents());
  }

  /**
   * The state shown, from the thresholds kept on the row ({@link
   * dev.certflow.api.service.validity.ValidityIndex}): the same columns the list filters on.
   */
  public static CertificateStatus status(StoredCertificate stored, Instant now) {
    return CertificateStatus.of(stored.certificate(), now);
  }

  /** A certificate as one item of a list: everything but the PEM chain, kilobytes an item. */
  public CertificateView summary(StoredCertificate stored, AgentSnapshot agentReports) {
    return view(stored, agentReports, false);
  }

  public CertificateView view(StoredCertificate stored, AgentSnapshot agentReports) {
    return view(stored, agentReports, true);
  }

  static final String UNREADABLE =
      "dns_service_url is sealed under a key this cert-api does not hold: start it with the"
          + " master key it was sealed with (CERTFLOW_MASTER_KEY, NEW,OLD while rotating), or"
          + " save the certificate again with its dns_service_url";

  private CertificateView view(
      StoredCertificate stored, AgentSnapshot agentReports, boolean withChain) {
    CertificateEntity c = stored.certificate();
    CertificateVersionEntity v = stored.current();
    Instant now = Instant.now();
    String url = null;
    List<String> warnings = stored.warnings();
    if (c.dnsServiceUrlSealed != null) {
      try {
        url = SecretRedactor.redactUrl(vault.openUrl(c.name, c.dnsServiceUrlSealed));
      } catch (KeySealer.SealException e) {
        // One row sealed under another master key (a restore, a rotation done wrong) is shown
        // flagged; the rest of the answer is served.
        warnings = new ArrayList<>(warnings);
        warnings.add(UNREADABLE);
      }
    }
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
        v == null || !withChain ? null : v.fullchain,
        deployments(c, v, agentReports, now),
        c.lastError,
        c.nextAttemptAt,
        c.attempts,
        c.currentOrderId != null,
        c.createdAt,
        c.updatedAt,
        c.caChain(),
        c.profile,
        v == null ? null : v.acmeCa,
        renewalWindow(c, v),
        v == null || v.revocationState == null
            ? null
            : new CertificateView.Revocation(
                v.revocationState,
                RevocationReasons.name(v.revocationReason),
                v.revokedAt,
                v.revocationError),
        warnings);
  }

  /** The CA's window when it gave one, else the schedule's (from renewal due to overdue). */
  static CertificateView.RenewalWindowView renewalWindow(
      CertificateEntity c, CertificateVersionEntity v) {
    if (!c.acme || v == null) {
      return null;
    }
    if (c.ariWindowStart != null && c.ariWindowEnd != null) {
      return new CertificateView.RenewalWindowView(
          c.ariWindowStart, c.ariWindowEnd, "ari", c.ariCheckAt);
    }
    Instant start = RenewalPolicy.renewAt(v.notBefore, v.notAfter, c.bufferDays);
    return new CertificateView.RenewalWindowView(
        start, start.plus(Duration.between(start, v.notAfter).dividedBy(2)), "schedule", null);
  }

  private List<CertificateView.Deployment> deployments(
      CertificateEntity certificate,
      CertificateVersionEntity current,
      AgentSnapshot reports,
      Instant now) {
    List<CertificateView.Deployment> result = new ArrayList<>();
    for (AgentStatus agent : reports.agents()) {
      Deployment state = Deployment.of(agent, certificate);
      AgentStatus.Rejected rejected = Deployment.rejection(agent, certificate.name);
      Integer version =
          state == Deployment.CURRENT
              ? certificate.currentVersion
              : rejected == null ? null : rejected.version();
      result.add(
          new CertificateView.Deployment(
              agent.agentId(),
              version,
              state == Deployment.CURRENT && current != null ? current.serial : null,
              state.label(),
              fleet.silent(agent, now),
              agent.reportedAt(),
              rejected == null ? null : rejected.reason()));
    }
    return result;
  }
}
