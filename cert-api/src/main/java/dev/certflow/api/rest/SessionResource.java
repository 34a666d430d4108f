package dev.certflow.api.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.certflow.api.config.ApiTokens;
import dev.certflow.api.config.CertflowConfig;
import dev.certflow.api.service.channel.ChannelRules;
import dev.certflow.events.ChannelType;
import dev.certflow.security.DnsServiceUrls;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;

/** Who the token belongs to and what the forms may offer: what the web UI asks on sign-in. */
@Path("/api/v1/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

  /**
   * The session.
   *
   * @param role admin or viewer
   * @param acmeCas the CA names {@code acme} accepts (besides a directory URL)
   * @param dnsProviders the DNS providers {@code dns_provider} accepts
   * @param channelTypes the channel types {@code type} accepts on channels
   * @param alertCategories the alert categories a channel may subscribe to
   */
  public record SessionView(
      String role,
      @JsonProperty("acme_cas") List<String> acmeCas,
      @JsonProperty("default_ca") String defaultCa,
      @JsonProperty("dns_providers") List<String> dnsProviders,
      @JsonProperty("channel_types") List<String> channelTypes,
      @JsonProperty("alert_categories") List<String> alertCategories) {}

  private final ApiTokens tokens;
  private final CertflowConfig config;

  SessionResource(ApiTokens tokens, CertflowConfig config) {
    this.tokens = tokens;
    this.config = config;
  }

  @GET
  public SessionView session(@HeaderParam("Authorization") String authorization) {
    // The filter has already refused a missing or unknown token.
    String role = tokens.roleOf(authorization.substring(7).strip()).name().toLowerCase(Locale.ROOT);
    return new SessionView(
        role,
        config.acmeCas(),
        config.acmeDefaultCa(),
        DnsServiceUrls.PROVIDERS.stream().sorted().toList(),
        ChannelType.ids(),
        ChannelRules.CATEGORIES.stream().filter(c -> !"test".equals(c)).sorted().toList());
  }
}
