package dev.certflow.dns.rest;

import dev.certflow.dns.config.GatewayConfig;
import dev.certflow.dns.provider.ProviderException;
import dev.certflow.dns.service.Challenge;
import dev.certflow.dns.service.ChallengeService;
import dev.certflow.events.OrderCommand;
import dev.certflow.security.KeySealer;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;

/** DNS-01 records: present, check propagation, clean up. */
@Path("/api/v1/challenges")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ChallengeResource {

  private final ChallengeService service;
  private final GatewayConfig config;

  ChallengeResource(ChallengeService service, GatewayConfig config) {
    this.service = service;
    this.config = config;
  }

  @POST
  public Response present(ChallengeRequest request) throws ProviderException {
    if (request == null) {
      throw new InvalidField("body", "a JSON object is required");
    }
    require("provider", request.provider());
    require("name", request.name());
    require("value", request.value());
    Challenge challenge;
    try {
      challenge =
          service.present(request.provider(), serviceUrl(request), request.name(), request.value());
    } catch (IllegalArgumentException e) {
      throw new InvalidField(
          e.getMessage().startsWith("unknown provider") ? "provider" : "dns_service_url",
          e.getMessage());
    }
    return Response.status(201)
        .entity(ChallengeView.of(challenge, service.answers(challenge)))
        .build();
  }

  @GET
  @Path("{id}")
  public ChallengeView get(@PathParam("id") String id) {
    Challenge challenge =
        service.find(id).orElseThrow(() -> new NotFoundException("no challenge " + id));
    return ChallengeView.of(challenge, service.answers(challenge));
  }

  @DELETE
  @Path("{id}")
  public Response cleanUp(@PathParam("id") String id) throws ProviderException {
    boolean removed;
    try {
      removed = service.cleanUp(id);
    } catch (IllegalArgumentException e) {
      // The provider's URL no longer resolves here (an $ENV: variable this replica lacks).
      throw new InvalidField("dns_service_url", e.getMessage());
    }
    if (!removed) {
      // Not 204: a caller must learn that nothing was removed (a forged or mistyped id).
      throw new NotFoundException("no challenge " + id);
    }
    return Response.noContent().build();
  }

  private String serviceUrl(ChallengeRequest request) {
    if (request.sealedDnsServiceUrl() == null) {
      if (request.dnsServiceUrl() != null && !config.dnsAllowPlainUrl()) {
        throw new InvalidField(
            "dns_service_url",
            "is not accepted here: send the sealed_dns_service_url of the worker's order"
                + " (CERTFLOW_DNS_ALLOW_PLAIN_URL=true allows a plain one, for development)");
      }
      return request.dnsServiceUrl();
    }
    require("certificate", request.certificate());
    if (request.domains() == null
        || request.domains().isEmpty()
        || request.domains().stream().anyMatch(d -> d == null || d.isBlank())) {
      throw new InvalidField("domains", "the order's domains are required with a sealed URL");
    }
    if (!ChallengeNames.forDomains(request.name(), request.domains())) {
      throw new InvalidField(
          "name", "is not _acme-challenge. and one of the domains the URL was sealed for");
    }
    String key =
        config
            .dnsKey()
            .filter(k -> !k.isBlank())
            .orElseThrow(
                () ->
                    new InvalidField(
                        "sealed_dns_service_url", "CERTFLOW_DNS_KEY is not set in dns-gateway"));
    try {
      return new String(
          KeySealer.fromBase64(key)
              .open(
                  request.sealedDnsServiceUrl(),
                  OrderCommand.dnsUrlAad(request.certificate(), request.domains())),
          StandardCharsets.UTF_8);
    } catch (KeySealer.SealException e) {
      throw new InvalidField(
          "sealed_dns_service_url",
          "does not open under CERTFLOW_DNS_KEY for this certificate and these domains");
    }
  }

  private static void require(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidField(field, "is required");
    }
  }

  /** A request field at fault. */
  static final class InvalidField extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String field;

    InvalidField(String field, String detail) {
      super(detail);
      this.field = field;
    }
  }
}
