package dev.certflow.api.service.monitor;

import static dev.certflow.api.testing.Api.admin;
import static dev.certflow.api.testing.Api.upload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.certflow.api.testing.Api;
import dev.certflow.api.testing.InfraResource;
import dev.certflow.testing.TestPki;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Validity alerts: raised once per change of state, also with concurrent scans, and cleared. */
@QuarkusTest
@WithTestResource(value = InfraResource.class, scope = TestResourceScope.GLOBAL)
class AlertMonitorTest {

  @Inject AlertMonitor monitor;

  private static List<String> categories(String certificate) {
    return admin()
        .get("/api/v1/alerts?limit=100&certificate=" + certificate)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("category", String.class);
  }

  private static TestPki.Issued leaf(String name, Duration left) {
    Instant now = Instant.now();
    return TestPki.leaf(
        Api.CA.INTERMEDIATE,
        TestPki.ecKey(),
        now.minus(Duration.ofDays(80)),
        now.plus(left),
        name + ".example.test");
  }

  @Test
  void anExpiringUploadIsAlertedOnceAndRecoversWhenReplaced() throws Exception {
    admin()
        .body(upload("soon", leaf("soon", Duration.ofDays(5))))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    monitor.scan();
    monitor.scan();
    // Two replicas checking at the same moment: the advisory lock lets one through.
    CompletableFuture<Integer> a = CompletableFuture.supplyAsync(monitor::scan);
    CompletableFuture<Integer> b = CompletableFuture.supplyAsync(monitor::scan);
    a.join();
    b.join();
    assertThat(categories("soon")).containsExactly("expiring");
    assertThat(
            admin()
                .get("/api/v1/alerts?limit=100&certificate=soon")
                .then()
                .extract()
                .jsonPath()
                .getString("[0].level"))
        .isEqualTo("warning");

    admin()
        .body(upload("soon", leaf("soon", Duration.ofDays(60))))
        .put("/api/v1/certificates/soon")
        .then()
        .statusCode(200);
    monitor.scan();
    monitor.scan();
    assertThat(categories("soon")).containsExactly("recovered", "expiring");
  }

  @Test
  void theLastDayIsANewAlertAndExpiredAnother() throws Exception {
    admin()
        .body(upload("last-day", leaf("last-day", Duration.ofHours(10))))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    monitor.scan();
    assertThat(categories("last-day")).containsExactly("expiring");
    assertThat(
            admin()
                .get("/api/v1/alerts?limit=1&certificate=last-day")
                .then()
                .extract()
                .jsonPath()
                .getString("[0].level"))
        .isEqualTo("critical");

    Map<String, Object> expired = upload("gone", leaf("gone", Duration.ofMinutes(-5)));
    expired.put("force", true);
    admin().body(expired).post("/api/v1/certificates").then().statusCode(201);
    monitor.scan();
    monitor.scan();
    assertThat(categories("gone")).containsExactly("expired");

    admin().delete("/api/v1/certificates/gone").then().statusCode(204);
    monitor.scan();
    assertThat(categories("gone")).containsExactly("expired"); // no "recovered" for a deletion
  }
}
