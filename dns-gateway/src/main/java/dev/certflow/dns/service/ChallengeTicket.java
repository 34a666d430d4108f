package dev.certflow.dns.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.certflow.dns.provider.TxtRecord;
import dev.certflow.security.KeySealer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A challenge's id is everything needed to check and remove its record, sealed: the provider, its
 * {@code dns_service_url} (as given: {@code $ENV:} references stay references), the record and the
 * servers to ask. Any gateway replica holding the same key opens it, so a restart or another
 * replica loses nothing and the gateway keeps no state; an id that does not open is unknown.
 *
 * @param provider the provider's name
 * @param serviceUrl the provider's URL as the request gave it (sealed inside the id)
 * @param record the TXT value as the provider created it
 * @param servers the authoritative servers (host:port) that must answer the value
 */
public record ChallengeTicket(
    String provider,
    @JsonProperty("service_url") String serviceUrl,
    TxtRecord record,
    List<String> servers,
    @JsonProperty("created_at") Instant createdAt) {

  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
  private static final byte[] AAD = "certflow-dns-challenge".getBytes(StandardCharsets.UTF_8);

  /** The id: the ticket sealed, in URL-safe base64 so that it is a path segment as it is. */
  String seal(KeySealer sealer) {
    try {
      byte[] plain = JSON.writeValueAsBytes(this);
      byte[] sealed = Base64.getDecoder().decode(sealer.seal(plain, AAD));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a ticket of strings always serialises", e);
    }
  }

  /** The ticket an id holds; empty when it was not sealed by a gateway with this key. */
  static Optional<ChallengeTicket> open(KeySealer sealer, String id) {
    try {
      byte[] sealed = Base64.getUrlDecoder().decode(id);
      byte[] plain = sealer.open(Base64.getEncoder().encodeToString(sealed), AAD);
      return Optional.of(JSON.readValue(plain, ChallengeTicket.class));
    } catch (IllegalArgumentException | KeySealer.SealException | IOException e) {
      return Optional.empty();
    }
  }
}
