package dev.certflow.api.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.certflow.api.service.agent.Deployment;
import java.time.Instant;
import java.util.List;

/** A certificate as the API shows it: settings, parsed facts and rollout; never the key. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CertificateView(
    String name,
    List<String> domains,
    @JsonProperty("is_default") boolean isDefault,
    @JsonProperty("is_ca") boolean isCa,
    boolean acme,
    @JsonProperty("acme_ca") String acmeCa,
    @JsonProperty("key_type_requested") String keyTypeRequested,
    @JsonProperty("dns_challenge") boolean dnsChallenge,
    @JsonProperty("dns_provider") String dnsProvider,
    @JsonProperty("dns_service_url") String dnsServiceUrl,
    @JsonProperty("buffer_days") Integer bufferDays,
    String remark,
    String status,
    Integer version,
    String subject,
    List<String> sans,
    String issuer,
    String serial,
    @JsonProperty("not_before") Instant notBefore,
    @JsonProperty("not_after") Instant notAfter,
    @JsonProperty("days_left") Long daysLeft,
    @JsonProperty("key_type") String keyType,
    @JsonProperty("key_size") Integer keySize,
    @JsonProperty("chain_length") Integer chainLength,
    @JsonProperty("fingerprint_sha256") String fingerprintSha256,
    @JsonProperty("has_key") boolean hasKey,
    @JsonProperty("tls_cert") String tlsCert,
    @JsonProperty("deployed_to") List<Deployment> deployedTo,
    @JsonProperty("last_error") String lastError,
    @JsonProperty("next_attempt_at") Instant nextAttemptAt,
    int attempts,
    @JsonProperty("order_in_flight") boolean orderInFlight,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt,
    @JsonProperty("acme_cas") List<String> acmeCas,
    String profile,
    @JsonProperty("issued_by_ca") String issuedByCa,
    @JsonProperty("renewal_window") RenewalWindowView renewalWindow,
    Revocation revocation,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {

  /**
   * When the current version should be renewed.
   *
   * @param source {@code ari} (the CA's suggestion, RFC 9773) or {@code schedule} (buffer_days or a
   *     third of the lifetime left)
   * @param checkAt when the CA is asked again, for {@code ari}
   */
  public record RenewalWindowView(
      Instant start,
      Instant end,
      String source,
      @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("check_at") Instant checkAt) {}

  /**
   * The current version's revocation, when one was asked.
   *
   * @param state {@code requested}, {@code revoked} or {@code failed}
   * @param reason the RFC 5280 reason's name
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Revocation(
      String state, String reason, @JsonProperty("revoked_at") Instant revokedAt, String error) {}

  /**
   * What one agent serves of this certificate.
   *
   * @param state {@code current} (serves the current serial), {@code behind} (an older one) or
   *     {@code missing} (none)
   * @param silent the agent has not reported recently
   * @param rejected why the node refused the latest record, when it did
   */
  public record Deployment(
      @JsonProperty("agent_id") String agentId,
      Integer version,
      String serial,
      String state,
      boolean silent,
      @JsonProperty("reported_at") Instant reportedAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) String rejected) {}
}
