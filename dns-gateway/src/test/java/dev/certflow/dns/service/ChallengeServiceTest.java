package dev.certflow.dns.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.certflow.dns.config.GatewayConfig;
import dev.certflow.dns.testing.KnotResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two gateway replicas (or one restarted) share nothing but the key, and lose nothing. */
@QuarkusTest
@WithTestResource(value = KnotResource.class, scope = TestResourceScope.GLOBAL)
class ChallengeServiceTest {

  @Inject DnsLookup dns;
  @Inject DnsProviders providers;
  @Inject GatewayConfig config;

  @Test
  void aChallengePresentedByOneReplicaIsCheckedAndRemovedByAnother() throws Exception {
    ChallengeService first = new ChallengeService(dns, providers, config);
    ChallengeService second = new ChallengeService(dns, providers, config);

    Challenge presented =
        first.present(
            "rfc2136",
            KnotResource.knot.serviceUrl(),
            "_acme-challenge.replica.certflow.test",
            "replica-token");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> second.answers(second.find(presented.id()).orElseThrow()).containsValue(true));

    assertThat(second.cleanUp(presented.id())).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !first.answers(presented).containsValue(true));
    // The id carries the provider's URL sealed: it never shows the TSIG secret.
    assertThat(presented.id()).doesNotContain("tsig");
  }
}
