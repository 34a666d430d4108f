package dev.certflow.dns.provider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Update;

/**
 * RFC 2136 dynamic update, signed with TSIG, to any authoritative server: {@code
 * rfc2136://host:port?tsig_name=…&tsig_secret=…&tsig_algorithm=hmac-sha256}. Adding a TXT record
 * adds to the RRset, and the delete names the exact value, so other values at the name stay.
 */
public final class Rfc2136Provider implements DnsProvider {

  static final String ID = "rfc2136";

  private final String host;
  private final int port;
  private final TSIG tsig;
  private final int ttl;

  public Rfc2136Provider(ServiceUrl url, int ttl) {
    if (!"rfc2136".equalsIgnoreCase(url.uri().getScheme()) || url.uri().getHost() == null) {
      throw new IllegalArgumentException(
          "rfc2136: dns_service_url must look like rfc2136://host:port?tsig_name=…&tsig_secret=…");
    }
    this.host = url.uri().getHost();
    this.port = url.uri().getPort() > 0 ? url.uri().getPort() : 53;
    this.ttl = ttl;
    String algorithm =
        url.parameters().getOrDefault("tsig_algorithm", "hmac-sha256").toLowerCase(Locale.ROOT);
    Name algorithmName =
        switch (algorithm) {
          case "hmac-sha256" -> TSIG.HMAC_SHA256;
          case "hmac-sha384" -> TSIG.HMAC_SHA384;
          case "hmac-sha512" -> TSIG.HMAC_SHA512;
          case "hmac-sha1" -> TSIG.HMAC_SHA1;
          default ->
              throw new IllegalArgumentException(
                  "rfc2136: tsig_algorithm must be hmac-sha256, hmac-sha384, hmac-sha512 or hmac-sha1");
        };
    String keyName = url.require(ID, "tsig_name");
    String secret = url.require(ID, "tsig_secret");
    try {
      this.tsig = new TSIG(algorithmName, Name.fromString(keyName, Name.root), secret);
    } catch (TextParseException | IllegalArgumentException | NullPointerException e) {
      // dnsjava signals a secret that is not base64 with a NullPointerException.
      throw new IllegalArgumentException("rfc2136: tsig_name or tsig_secret is malformed");
    }
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<String> authoritativeServers() {
    return List.of(host + ":" + port);
  }

  @Override
  public Duration propagationTimeout() {
    return Duration.ofSeconds(60);
  }

  @Override
  public TxtRecord present(String zone, String name, String value) throws ProviderException {
    Update update = update(zone);
    update.add(txt(name, value, ttl));
    send(update, "adding");
    return new TxtRecord(zone, name, value, null);
  }

  @Override
  public void cleanUp(TxtRecord record) throws ProviderException {
    Update update = update(record.zone());
    update.delete(txt(record.name(), record.value(), 0));
    send(update, "deleting");
  }

  private Update update(String zone) throws ProviderException {
    try {
      return new Update(Name.fromString(zone, Name.root));
    } catch (TextParseException e) {
      throw new ProviderException("rfc2136: zone " + zone + " is not a valid name", false);
    }
  }

  private static TXTRecord txt(String name, String value, int ttl) throws ProviderException {
    try {
      return new TXTRecord(Name.fromString(name, Name.root), DClass.IN, ttl, value);
    } catch (TextParseException e) {
      throw new ProviderException("rfc2136: " + name + " is not a valid name", false);
    }
  }

  private void send(Update update, String what) throws ProviderException {
    SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(host, port));
    resolver.setTSIGKey(tsig);
    resolver.setTCP(true);
    resolver.setTimeout(Duration.ofSeconds(5));
    Message response;
    try {
      response = resolver.send(update);
    } catch (IOException e) {
      throw new ProviderException(
          "rfc2136: " + host + ":" + port + " did not answer the update: " + e.getMessage(), true);
    }
    int rcode = response.getRcode();
    if (rcode != Rcode.NOERROR) {
      boolean retryable = rcode == Rcode.SERVFAIL;
      throw new ProviderException(
          "rfc2136: "
              + host
              + ":"
              + port
              + " refused "
              + what
              + " the TXT record: "
              + Rcode.string(rcode)
              + (rcode == Rcode.NOTAUTH
                  ? " (check tsig_name, tsig_secret and the server's update ACL)"
                  : ""),
          retryable);
    }
  }
}
