package dev.certflow.notifier.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.certflow.notifier.testing.NotifierInfraResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The messaging channels show in the health checks, and consumer lag in the metrics. */
@QuarkusTest
@WithTestResource(value = NotifierInfraResource.class, scope = TestResourceScope.GLOBAL)
class ChannelHealthTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TestHTTPResource("/q/health/ready")
  URI readiness;

  @TestHTTPResource("/q/metrics")
  URI metrics;

  @Test
  void theAlertsChannelIsCheckedAndItsLagMeasured() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              HttpResponse<String> health = get(readiness);
              assertThat(health.statusCode()).isEqualTo(200);
              assertThat(health.body()).contains("alerts").contains("notifier-out");
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(get(metrics).body())
                    .contains("kafka_consumer_fetch_manager_records_lag_max"));
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }
}
