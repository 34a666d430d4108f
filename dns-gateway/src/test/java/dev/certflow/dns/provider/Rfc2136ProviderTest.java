package dev.certflow.dns.provider;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certflow.testing.TestKnot;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** RFC 2136 against a real Knot server, signed with TSIG. */
class Rfc2136ProviderTest extends DnsProviderConformance {

  private static TestKnot knot;

  @BeforeAll
  static void startKnot() throws IOException {
    knot = new TestKnot(Files.createTempDirectory("certflow-rfc2136"), Map.of());
  }

  @AfterAll
  static void stopKnot() {
    knot.close();
  }

  @Override
  protected DnsProvider provider() {
    return new Rfc2136Provider(ServiceUrl.parse(knot.serviceUrl(), name -> null), 5);
  }

  @Override
  protected String zone() {
    return TestKnot.ZONE + ".";
  }

  @Override
  protected List<String> txtValues(String name) {
    try {
      SimpleResolver resolver =
          new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), knot.port));
      resolver.setTimeout(Duration.ofSeconds(2));
      Message response =
          resolver.send(
              Message.newQuery(Record.newRecord(Name.fromString(name), Type.TXT, DClass.IN)));
      return response.getSection(Section.ANSWER).stream()
          .filter(r -> r instanceof TXTRecord)
          .flatMap(r -> ((TXTRecord) r).getStrings().stream())
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void wrongTsigSecretIsRefusedAsFinal() {
    String url =
        knot.serviceUrl()
            .replaceAll(
                "tsig_secret=[^&]+",
                "tsig_secret=" + Base64.getEncoder().encodeToString(new byte[32]));
    DnsProvider wrong = new Rfc2136Provider(ServiceUrl.parse(url, name -> null), 5);
    assertThatThrownBy(() -> wrong.present(zone(), "_acme-challenge.x." + zone(), "v"))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith("rfc2136: ")
        .hasMessageNotContaining(knot.tsigSecret)
        .matches(e -> !((ProviderException) e).retryable());
  }

  @Test
  void malformedUrlsAreRefusedNamingTheParameter() {
    assertThatThrownBy(
            () ->
                new Rfc2136Provider(
                    ServiceUrl.parse("rfc2136://127.0.0.1:53?tsig_name=k", n -> null), 5))
        .hasMessageContaining("tsig_secret");
    assertThatThrownBy(
            () -> new Rfc2136Provider(ServiceUrl.parse("https://127.0.0.1", n -> null), 5))
        .hasMessageStartingWith("rfc2136:");
  }
}
