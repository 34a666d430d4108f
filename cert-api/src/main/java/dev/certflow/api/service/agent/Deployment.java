package dev.certflow.api.service.agent;

import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.events.AgentStatus;
import java.util.Locale;

/**
 * Whether a node serves a certificate's current state. Exact for {@code current}: the node has read
 * past the offset at which that state was published and did not reject it. Otherwise {@code behind}
 * where an earlier version exists that the node may serve (or still serves after rejecting the
 * latest), {@code missing} where there is none.
 */
public enum Deployment {
  CURRENT,
  BEHIND,
  MISSING;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Deployment parse(String label) {
    for (Deployment state : values()) {
      if (state.label().equals(label)) {
        return state;
      }
    }
    return null;
  }

  /** Whether the node has read the record that published the certificate's current state. */
  public static boolean reached(AgentStatus agent, CertificateEntity certificate) {
    return certificate.publishedOffset != null
        && agent.position(certificate.publishedPartition) > certificate.publishedOffset;
  }

  public static Deployment of(AgentStatus agent, CertificateEntity certificate) {
    AgentStatus.Rejected rejected = rejection(agent, certificate.name);
    if (certificate.currentVersion != null && reached(agent, certificate) && rejected == null) {
      return CURRENT;
    }
    boolean earlier =
        (certificate.currentVersion != null && certificate.currentVersion > 1)
            || (rejected != null && rejected.version() != null);
    return earlier ? BEHIND : MISSING;
  }

  /** The node's rejection of this certificate's latest record, if it names one. */
  public static AgentStatus.Rejected rejection(AgentStatus agent, String name) {
    for (AgentStatus.Rejected rejected : agent.rejected()) {
      if (rejected.name().equals(name)) {
        return rejected;
      }
    }
    return null;
  }
}
