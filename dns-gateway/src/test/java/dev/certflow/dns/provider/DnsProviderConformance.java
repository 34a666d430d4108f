package dev.certflow.dns.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every DNS provider must do, against its real service or a faithful emulation: presenting
 * keeps other TXT values at the same name, clean-up removes exactly its own value, and repeated
 * calls are harmless. A provider's test extends this and says how to read the zone.
 */
public abstract class DnsProviderConformance {

  /** The provider under test. */
  protected abstract DnsProvider provider();

  /** The zone the test may write to, absolute. */
  protected abstract String zone();

  /** The TXT values the provider's authoritative servers answer at the name now. */
  protected abstract List<String> txtValues(String name);

  private String freshName() {
    return "_acme-challenge.c" + UUID.randomUUID().toString().substring(0, 8) + "." + zone();
  }

  private void awaitValues(String name, String... values) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                txtValues(name).stream()
                    .sorted()
                    .toList()
                    .equals(List.of(values).stream().sorted().toList()));
  }

  @Test
  void presentingKeepsOtherValuesAtTheSameName() throws ProviderException {
    String name = freshName();
    TxtRecord first = provider().present(zone(), name, "value-one");
    TxtRecord second = provider().present(zone(), name, "value-two");

    awaitValues(name, "value-one", "value-two");
    provider().cleanUp(first);
    provider().cleanUp(second);
    awaitValues(name);
  }

  @Test
  void cleanUpRemovesExactlyItsOwnValue() throws ProviderException {
    String name = freshName();
    TxtRecord mine = provider().present(zone(), name, "mine");
    TxtRecord other = provider().present(zone(), name, "someone-else");
    awaitValues(name, "mine", "someone-else");

    provider().cleanUp(mine);
    awaitValues(name, "someone-else");
    provider().cleanUp(other);
  }

  @Test
  void repeatedCallsAreHarmless() throws ProviderException {
    String name = freshName();
    TxtRecord record = provider().present(zone(), name, "again");
    provider().present(zone(), name, "again");
    awaitValues(name, "again");

    provider().cleanUp(record);
    provider().cleanUp(record);
    awaitValues(name);
    assertThat(txtValues(name)).isEmpty();
  }
}
