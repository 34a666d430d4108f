package dev.certflow.dns.service;

import dev.certflow.dns.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The DNS questions dns-gateway asks: which zone a name is in (by SOA, longest match — never by
 * splitting labels), where a CNAME at {@code _acme-challenge} delegates to, which servers are
 * authoritative, and whether one of them answers a TXT value.
 */
@ApplicationScoped
public class DnsLookup {

  private static final int MAX_CNAME_HOPS = 8;

  private final GatewayConfig config;

  DnsLookup(GatewayConfig config) {
    this.config = config;
  }

  /** A resolver at host:port, or the configured/system recursive resolver when null. */
  Resolver resolver(String server) {
    try {
      SimpleResolver resolver;
      if (server != null) {
        resolver = new SimpleResolver(address(server));
      } else if (config.dnsResolver().isPresent()) {
        resolver = new SimpleResolver(address(config.dnsResolver().get()));
      } else {
        List<InetSocketAddress> servers = ResolverConfig.getCurrentConfig().servers();
        resolver = servers.isEmpty() ? new SimpleResolver() : new SimpleResolver(servers.get(0));
      }
      resolver.setTimeout(Duration.ofSeconds(3));
      return resolver;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve DNS server " + server);
    }
  }

  static InetSocketAddress address(String hostPort) throws UnknownHostException {
    int colon = hostPort.lastIndexOf(':');
    String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
    int port = colon > 0 ? Integer.parseInt(hostPort.substring(colon + 1)) : 53;
    return new InetSocketAddress(InetAddress.getByName(host), port);
  }

  /** Follows CNAMEs from the name (delegated challenge names), returning the final name. */
  public Name followCnames(Name name, Resolver resolver) throws IOException {
    Name current = name;
    for (int hop = 0; hop < MAX_CNAME_HOPS; hop++) {
      Optional<CNAMERecord> cname =
          answers(query(resolver, current, Type.CNAME), current, Type.CNAME).stream()
              .map(CNAMERecord.class::cast)
              .findFirst();
      if (cname.isEmpty()) {
        return current;
      }
      current = cname.get().getTarget();
    }
    throw new IOException("more than " + MAX_CNAME_HOPS + " CNAMEs from " + name);
  }

  /** The zone holding the name: the longest suffix that has its own SOA. */
  public Name zoneOf(Name name, Resolver resolver) throws IOException {
    for (int labels = name.labels(); labels > 1; labels--) {
      Name candidate = new Name(name, name.labels() - labels);
      if (!answers(query(resolver, candidate, Type.SOA), candidate, Type.SOA).isEmpty()) {
        return candidate;
      }
    }
    throw new IOException("no zone found for " + name);
  }

  /** The zone's authoritative servers as host:port, from its NS records. */
  public List<String> nameServers(Name zone, Resolver resolver) throws IOException {
    List<String> servers = new ArrayList<>();
    for (Record ns : answers(query(resolver, zone, Type.NS), zone, Type.NS)) {
      Name host = ((NSRecord) ns).getTarget();
      for (Record a : answers(query(resolver, host, Type.A), host, Type.A)) {
        servers.add(
            ((ARecord) a).getAddress().getHostAddress() + ":" + config.dnsAuthoritativePort());
      }
    }
    return servers;
  }

  /** Whether the server answers the TXT value at the name. */
  public boolean answersTxt(String server, Name name, String value) {
    try {
      Message response = query(resolver(server), name, Type.TXT);
      return answers(response, name, Type.TXT).stream()
          .map(TXTRecord.class::cast)
          .anyMatch(r -> r.getStrings().contains(value));
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  public static Name name(String text) {
    try {
      return Name.fromString(text.endsWith(".") ? text : text + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a valid DNS name");
    }
  }

  private static Message query(Resolver resolver, Name name, int type) throws IOException {
    Message question = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    return resolver.send(question);
  }

  private static List<Record> answers(Message response, Name name, int type) {
    return response.getSection(Section.ANSWER).stream()
        .filter(r -> r.getType() == type && r.getName().equals(name))
        .toList();
  }
}
