package dev.certflow.dns.provider.cloud;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.certflow.dns.provider.DnsProvider;
import dev.certflow.dns.provider.DnsProviderConformance;
import dev.certflow.dns.provider.ServiceUrl;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The conformance test against the real vendor, when {@code CERTFLOW_TEST_<PROVIDER>_URL} (its
 * dns_service_url) and {@code CERTFLOW_TEST_<PROVIDER>_ZONE} (a zone of the account it may write
 * to) are set; reported as skipped otherwise. Values are read from the zone's own name servers.
 */
abstract class RealVendorConformance extends DnsProviderConformance {

  protected abstract String providerName();

  protected abstract DnsProvider provider(ServiceUrl url);

  private String variable(String suffix) {
    return System.getenv("CERTFLOW_TEST_" + providerName().toUpperCase(Locale.ROOT) + "_" + suffix);
  }

  @BeforeEach
  void requireCredentials() {
    assumeTrue(
        variable("URL") != null && variable("ZONE") != null,
        "skipped: set CERTFLOW_TEST_"
            + providerName().toUpperCase(Locale.ROOT)
            + "_URL and _ZONE to run against the real "
            + providerName()
            + " API");
  }

  @Override
  protected DnsProvider provider() {
    return provider(ServiceUrl.parse(variable("URL"), System::getenv));
  }

  @Override
  protected String zone() {
    String zone = variable("ZONE");
    return zone.endsWith(".") ? zone : zone + ".";
  }

  @Override
  protected List<String> txtValues(String name) {
    try {
      Record[] servers = new Lookup(zone(), Type.NS).run();
      SimpleResolver resolver = new SimpleResolver(((NSRecord) servers[0]).getTarget().toString());
      resolver.setTimeout(Duration.ofSeconds(5));
      Lookup lookup = new Lookup(name, Type.TXT);
      lookup.setResolver(resolver);
      lookup.setCache(null);
      List<String> values = new ArrayList<>();
      Record[] answers = lookup.run();
      if (answers != null) {
        for (Record answer : answers) {
          values.addAll(((TXTRecord) answer).getStrings());
        }
      }
      return values;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
