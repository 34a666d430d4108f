package dev.certflow.dns.service;

import dev.certflow.dns.config.GatewayConfig;
import dev.certflow.dns.provider.DnsProvider;
import dev.certflow.dns.provider.ProviderException;
import dev.certflow.dns.provider.TxtRecord;
import dev.certflow.security.DnsProviderType;
import dev.certflow.security.KeySealer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.xbill.DNS.Name;
import org.xbill.DNS.Resolver;

/**
 * Presents TXT records (following a CNAME at the challenge name, finding the zone by SOA), reports
 * whether every authoritative server answers them, and cleans them up.
 */
@ApplicationScoped
public class ChallengeService {

  private static final Logger LOG = Logger.getLogger(ChallengeService.class);

  private final DnsLookup dns;
  private final DnsProviders providers;
  private final KeySealer tickets;

  ChallengeService(DnsLookup dns, DnsProviders providers, GatewayConfig config) {
    this.dns = dns;
    this.providers = providers;
    this.tickets =
        config
            .dnsKey()
            .filter(key -> !key.isBlank())
            .map(KeySealer::fromBase64)
            .orElseGet(
                () -> {
                  LOG.warn(
                      "CERTFLOW_DNS_KEY is not set: challenge ids are sealed under a key of this"
                          + " process only, so another replica or a restart cannot clean them up");
                  return KeySealer.fromBase64(KeySealer.generateKey());
                });
  }

  /**
   * Presents the value at the name.
   *
   * @param serviceUrl the provider's {@code dns_service_url}, opened but with {@code $ENV:}
   *     references unresolved; it travels sealed inside the challenge's id
   * @throws IllegalArgumentException when the provider or its URL is unusable
   * @throws ProviderException when the provider or the DNS look-ups fail
   */
  public Challenge present(String providerName, String serviceUrl, String name, String value)
      throws ProviderException {
    DnsProvider provider = providers.create(providerName, serviceUrl);
    Name requested = DnsLookup.name(name);
    try {
      List<String> given = provider.authoritativeServers();
      Resolver resolver = dns.resolver(given.isEmpty() ? null : given.get(0));
      Name target = dns.followCnames(requested, resolver);
      Name zone = dns.zoneOf(target, resolver);
      List<String> servers = given.isEmpty() ? dns.nameServers(zone, resolver) : given;
      if (servers.isEmpty()) {
        throw new ProviderException(
            provider.id() + ": zone " + zone + " has no reachable name servers", true);
      }
      TxtRecord record = provider.present(zone.toString(), target.toString(), value);
      ChallengeTicket ticket =
          new ChallengeTicket(provider.id(), serviceUrl, record, servers, Instant.now());
      Challenge challenge =
          new Challenge(
              ticket.seal(tickets),
              provider.id(),
              provider.manual(),
              record,
              servers,
              ticket.createdAt());
      LOG.infof(
          "%s: presented TXT at %s (zone %s)%s",
          provider.id(), target, zone, target.equals(requested) ? "" : " for " + requested);
      return challenge;
    } catch (IOException e) {
      throw new ProviderException(
          provider.id() + ": DNS look-up for " + requested + " failed: " + e.getMessage(), true);
    }
  }

  /**
   * The challenge an id stands for; empty when no gateway with this key made it. Checking needs no
   * provider client, so its URL (and any {@code $ENV:} in it) is not touched here.
   */
  public Optional<Challenge> find(String id) {
    return ChallengeTicket.open(tickets, id).map(t -> challenge(id, t));
  }

  private static Challenge challenge(String id, ChallengeTicket ticket) {
    return new Challenge(
        id,
        ticket.provider(),
        DnsProviderType.of(ticket.provider()).orElse(null) == DnsProviderType.MANUAL,
        ticket.record(),
        ticket.servers(),
        ticket.createdAt());
  }

  /** Which authoritative servers answer the value now. */
  public Map<String, Boolean> answers(Challenge challenge) {
    Name name = DnsLookup.name(challenge.record().name());
    Map<String, Boolean> result = new LinkedHashMap<>();
    for (String server : challenge.servers()) {
      result.put(server, dns.answersTxt(server, name, challenge.record().value()));
    }
    return result;
  }

  /**
   * Removes the record, whichever replica presented it; a repeated clean-up is harmless.
   *
   * @return false when the id is unknown (no gateway with this key made it)
   */
  public boolean cleanUp(String id) throws ProviderException {
    Optional<ChallengeTicket> ticket = ChallengeTicket.open(tickets, id);
    if (ticket.isEmpty()) {
      return false;
    }
    TxtRecord record = ticket.get().record();
    providers.create(ticket.get().provider(), ticket.get().serviceUrl()).cleanUp(record);
    LOG.infof("%s: removed TXT at %s", ticket.get().provider(), record.name());
    return true;
  }
}
