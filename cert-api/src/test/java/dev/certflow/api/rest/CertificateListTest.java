package dev.certflow.api.rest;

import static dev.certflow.api.testing.Api.admin;
import static dev.certflow.api.testing.Api.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.certflow.api.service.validity.ValidityIndex;
import dev.certflow.api.testing.Api;
import dev.certflow.api.testing.InfraResource;
import dev.certflow.testing.TestPki;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Lists filtered, sorted, counted and paged by the database. */
@QuarkusTest
@WithTestResource(value = InfraResource.class, scope = TestResourceScope.GLOBAL)
class CertificateListTest {

  @Inject ValidityIndex validity;
  @Inject EntityManager em;

  private static void create(String name, Instant notBefore, Instant notAfter, Integer bufferDays) {
    TestPki.Issued leaf =
        TestPki.leaf(
            Api.CA.INTERMEDIATE, TestPki.ecKey(), notBefore, notAfter, name + ".list.test");
    Map<String, Object> body = upload(name, leaf);
    if (bufferDays != null) {
      body.put("buffer_days", bufferDays);
    }
    body.put("force", true);
    admin().body(body).post("/api/v1/certificates").then().statusCode(201);
  }

  private static JsonPath page(String query) {
    return admin().get("/api/v1/certificates?" + query).then().statusCode(200).extract().jsonPath();
  }

  /** Every name a query lists, following next_cursor page by page. */
  private static List<String> walk(String query) {
    List<String> names = new ArrayList<>();
    String cursor = "";
    do {
      JsonPath page = page(query + "&cursor=" + cursor);
      names.addAll(page.getList("items.name", String.class));
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    return names;
  }

  @Test
  void cursorPagingReturnsEveryCertificateOnceWhileUploadsGoOn() throws Exception {
    Set<String> before = new HashSet<>();
    for (int i = 0; i < 120; i++) {
      String name = String.format("walk-%03d", i * 2);
      admin()
          .body(upload(name, name + ".walk.test"))
          .post("/api/v1/certificates")
          .then()
          .statusCode(201);
      before.add(name);
    }
    // Uploads between the names being listed, while the pages are read.
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Integer> writer =
        CompletableFuture.supplyAsync(
            () -> {
              int added = 0;
              for (int i = 0; i < 120 && !stop.get(); i++) {
                String name = String.format("walk-%03d", i * 2 + 1);
                admin()
                    .body(upload(name, name + ".walk.test"))
                    .post("/api/v1/certificates")
                    .then()
                    .statusCode(201);
                added++;
              }
              return added;
            });
    List<String> byName = walk("name=walk-&size=7");
    stop.set(true);
    writer.get();

    assertThat(byName).doesNotHaveDuplicates().containsAll(before).isSorted();
    assertThat(walk("name=walk-&size=11&sort=expiry")).doesNotHaveDuplicates().containsAll(before);
    assertThat(walk("name=walk-&size=13&sort=status")).doesNotHaveDuplicates().containsAll(before);
    assertThat(page("name=walk-&size=1").getInt("total"))
        .isEqualTo(walk("name=walk-&size=50").size());
  }

  @Test
  void filtersByStatusAndPrefixAndSortsByExpiry() {
    Instant now = Instant.now();
    create("srt-late", now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(80)), null);
    create("srt-soon", now.minus(Duration.ofDays(80)), now.plus(Duration.ofDays(3)), null);
    create("srt-gone", now.minus(Duration.ofDays(80)), now.minus(Duration.ofHours(1)), null);
    create("srt-buffer", now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(20)), 30);

    assertThat(page("name=srt-&sort=expiry").getList("items.name", String.class))
        .containsExactly("srt-gone", "srt-soon", "srt-buffer", "srt-late");
    // Attention first: expired, then expiring (soonest first), then valid; paged by cursor.
    assertThat(walk("name=srt-&sort=status&size=1"))
        .containsExactly("srt-gone", "srt-soon", "srt-buffer", "srt-late");
    assertThat(page("name=srt-&status=expiring").getList("items.name", String.class))
        .containsExactly("srt-buffer", "srt-soon");
    assertThat(page("name=srt-&status=expired").getList("items.name", String.class))
        .containsExactly("srt-gone");
    JsonPath valid = page("name=srt-&status=valid");
    assertThat(valid.getList("items.name", String.class)).containsExactly("srt-late");
    assertThat(valid.getList("items.status", String.class)).containsOnly("valid");
    assertThat(page("name=srt-&status=expiring").getList("items.status", String.class))
        .containsOnly("expiring");
    assertThat(page("name=srt_&size=5").getInt("total")).isZero(); // "_" is no wildcard
    // The search box: a name prefix, or a host name served.
    assertThat(page("q=srt-s").getList("items.name", String.class)).containsExactly("srt-soon");
    assertThat(page("q=SRT-LATE.list.test").getList("items.name", String.class))
        .containsExactly("srt-late");

    admin()
        .get("/api/v1/certificates?sort=sideways")
        .then()
        .statusCode(400)
        .body("field", equalTo("sort"));
    admin()
        .get("/api/v1/certificates?cursor=bm90IGEgY3Vyc29y")
        .then()
        .statusCode(400)
        .body("field", equalTo("cursor"));
    admin()
        .get("/api/v1/certificates?cursor=%%%")
        .then()
        .statusCode(400)
        .body("field", equalTo("cursor"));
  }

  @Test
  void theThresholdsKeptInSqlAgreeWithTheRulesInJava() {
    Instant now = Instant.now();
    create("rule-short", now.minus(Duration.ofDays(2)), now.plus(Duration.ofDays(4)), null);
    create("rule-year", now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(335)), null);
    create("rule-buffer", now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(60)), 45);
    // Rows saved through Java need no correction by the start-up recompute written in SQL.
    assertThat(validity.recompute()).isZero();

    // A row stored before the first issuer's expiry was kept gets it from its chain at start.
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                em.createNativeQuery(
                        "update certificate set issuer_not_after = null where name = 'rule-year'")
                    .executeUpdate());
    assertThat(validity.fillIssuers()).isPositive();
    Object filled =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    em.createNativeQuery(
                            "select issuer_not_after from certificate where name = 'rule-year'")
                        .getSingleResult());
    assertThat(filled).isNotNull();
  }
}
