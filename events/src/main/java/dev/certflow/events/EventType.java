package dev.certflow.events;

/** Names of the payload types carried in {@link Envelope#type()}. */
public final class EventType {

  /** A {@link CertificateBundle} on the certificates topic. */
  public static final String CERTIFICATE_BUNDLE = "certificate_bundle";

  /** An {@link AgentStatus} on the agent-status topic. */
  public static final String AGENT_STATUS = "agent_status";

  /** {@link AgentChallenges}: the HTTP-01 tokens a node serves. */
  public static final String AGENT_CHALLENGES = "agent_challenges";

  /** An {@link OrderCommand} on the orders topic. */
  public static final String ORDER = "order";

  /** A {@link RevocationCommand} on the orders topic. */
  public static final String REVOCATION = "revocation";

  /** A {@link RevocationResult} on the order-results topic. */
  public static final String REVOCATION_RESULT = "revocation_result";

  /** An {@link OrderResult} on the order-results topic. */
  public static final String ORDER_RESULT = "order_result";

  /** A {@link ChallengeToken} on the challenges topic. */
  public static final String CHALLENGE = "challenge";

  /** {@link DnsCleanup} on {@code dns-cleanups}. */
  public static final String DNS_CLEANUP = "dns_cleanup";

  /** An {@link AlertEvent} on the alerts topic. */
  public static final String ALERT = "alert";

  /** A {@link ChannelConfig} on the channels topic. */
  public static final String CHANNEL = "channel";

  /** A {@link AlertDelivery} on the alert-retries topics. */
  public static final String ALERT_DELIVERY = "alert_delivery";

  /** A {@link DeliveryReport} on the deliveries topic. */
  public static final String DELIVERY_REPORT = "delivery_report";

  private EventType() {}
}
