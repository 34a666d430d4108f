package dev.certflow.events;

/** Names of the payload types carried in {@link Envelope#type()}. */
public final class EventType {

  /** A {@link CertificateBundle} on the certificates topic. */
  public static final String CERTIFICATE_BUNDLE = "certificate_bundle";

  /** An {@link AgentStatus} on the agent-status topic. */
  public static final String AGENT_STATUS = "agent_status";

  private EventType() {}
}
