package dev.certflow.dns.service;

import dev.certflow.dns.provider.DnsProvider;
import dev.certflow.dns.provider.ProviderException;
import dev.certflow.dns.provider.TxtRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
  private final Map<String, Challenge> challenges = new ConcurrentHashMap<>();

  ChallengeService(DnsLookup dns) {
    this.dns = dns;
  }

  /**
   * Presents the value at the name.
   *
   * @throws ProviderException when the provider or the DNS look-ups fail
   */
  public Challenge present(DnsProvider provider, String name, String value)
      throws ProviderException {
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
      Challenge challenge =
          new Challenge(UUID.randomUUID().toString(), provider, record, servers, Instant.now());
      challenges.put(challenge.id(), challenge);
      LOG.infof(
          "%s: presented TXT at %s (zone %s)%s",
          provider.id(), target, zone, target.equals(requested) ? "" : " for " + requested);
      return challenge;
    } catch (IOException e) {
      throw new ProviderException(
          provider.id() + ": DNS look-up for " + requested + " failed: " + e.getMessage(), true);
    }
  }

  public Optional<Challenge> find(String id) {
    return Optional.ofNullable(challenges.get(id));
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

  /** Removes the record; unknown ids are fine (a repeated clean-up). */
  public void cleanUp(String id) throws ProviderException {
    Challenge challenge = challenges.get(id);
    if (challenge == null) {
      return;
    }
    challenge.provider().cleanUp(challenge.record());
    challenges.remove(id);
    LOG.infof("%s: removed TXT at %s", challenge.provider().id(), challenge.record().name());
  }
}
