package dev.certflow.api.ui;

import static dev.certflow.api.testing.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.certflow.api.testing.AgentReports;
import dev.certflow.api.testing.Api;
import dev.certflow.api.testing.InfraResource;
import dev.certflow.testing.HeadlessChromium;
import dev.certflow.testing.TestPki;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The web UI in a real headless Chromium (Debian's chromium and chromium-driver). */
@QuarkusTest
@WithTestResource(value = InfraResource.class, scope = TestResourceScope.GLOBAL)
class WebUiTest {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TestHTTPResource("/")
  URL base;

  private WebDriver browser;

  @BeforeEach
  void startBrowser() throws IOException {
    browser = HeadlessChromium.start();
  }

  @AfterEach
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  private void signIn(String token) {
    browser.get(base.toString());
    browser.findElement(By.id("token")).sendKeys(token);
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    await().atMost(Duration.ofSeconds(10)).until(() -> heading().equals("Certificate Management"));
  }

  private String heading() {
    try {
      List<WebElement> headings = browser.findElements(By.cssSelector("main h1"));
      return headings.isEmpty() ? "" : headings.get(0).getText();
    } catch (StaleElementReferenceException e) {
      return ""; // the page was being redrawn
    }
  }

  private void screenshot(String name) throws IOException {
    HeadlessChromium.screenshot(browser, SCREENSHOTS, name);
  }

  private void setText(String name, String text) {
    // Pasting a PEM: set the value at once (typing thousands of characters is slow).
    ((JavascriptExecutor) browser)
        .executeScript(
            "document.querySelector(\"[name='\" + arguments[0] + \"']\").value = arguments[1];",
            name,
            text);
  }

  private void uploadThroughTheForm(String name, TestPki.Issued leaf, String keyPem) {
    browser.get(base + "#/add");
    await().atMost(Duration.ofSeconds(10)).until(() -> heading().equals("Add Certificate"));
    browser.findElement(By.name("name")).sendKeys(name);
    browser.findElement(By.id("method-upload")).click();
    setText("tls_cert", TestPki.pem(leaf.certificate(), Api.CA.INTERMEDIATE.certificate()));
    setText("tls_key", keyPem);
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
  }

  @Test
  void anOperatorUploadsSeesTheDetailsAndDeletes() throws IOException {
    signIn(InfraResource.ADMIN_TOKEN);
    TestPki.Issued leaf = TestPki.leaf(Api.CA.INTERMEDIATE, 90, "shop.ui.test", "www.ui.test");
    uploadThroughTheForm("ui-shop", leaf, leaf.pkcs8Pem());

    await().atMost(Duration.ofSeconds(10)).until(() -> heading().equals("ui-shop"));
    assertThat(browser.findElement(By.cssSelector("dl.facts")).getText())
        .contains("shop.ui.test")
        .contains("valid");
    screenshot("details");

    browser.get(base.toString());
    await().atMost(Duration.ofSeconds(10)).until(() -> heading().equals("Certificate Management"));
    browser.findElement(By.id("search")).sendKeys("shop.ui.test"); // a domain the server matches
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                browser.findElements(By.cssSelector("tbody tr")).size() == 1
                    && browser.findElement(By.cssSelector("tbody")).getText().contains("ui-shop"));
    screenshot("list");

    browser.findElement(By.linkText("ui-shop")).click();
    await().atMost(Duration.ofSeconds(10)).until(() -> heading().equals("ui-shop"));
    browser.findElement(By.id("delete")).click();
    browser.switchTo().alert().accept();
    await().atMost(Duration.ofSeconds(10)).until(() -> heading().equals("Certificate Management"));
    admin().get("/api/v1/certificates/ui-shop").then().statusCode(404);
  }

  @Test
  void theListIsPagedSearchedAndCountedByTheServer() {
    for (int i = 0; i < 55; i++) {
      String name = String.format("ui-page-%02d", i);
      admin()
          .body(Api.upload(name, name + ".pages.ui.test"))
          .post("/api/v1/certificates")
          .then()
          .statusCode(201);
    }
    signIn(InfraResource.ADMIN_TOKEN);
    browser.get(base.toString());
    await().atMost(Duration.ofSeconds(10)).until(() -> heading().equals("Certificate Management"));
    browser.findElement(By.id("search")).sendKeys("ui-page-");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> browser.findElement(By.id("page-info")).getText().equals("1–50 of 55"));
    assertThat(browser.findElements(By.cssSelector("tbody tr"))).hasSize(50);
    browser.findElement(By.id("next-page")).click();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> browser.findElement(By.id("page-info")).getText().equals("51–55 of 55"));
    assertThat(browser.findElement(By.cssSelector("tbody")).getText()).contains("ui-page-54");
    assertThat(browser.findElement(By.id("next-page")).isEnabled()).isFalse();
    browser.findElement(By.id("prev-page")).click();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> browser.findElement(By.id("page-info")).getText().equals("1–50 of 55"));
  }

  @Test
  void aMismatchedKeyIsShownBesideTheKeyField() throws IOException {
    signIn(InfraResource.ADMIN_TOKEN);
    TestPki.Issued leaf = TestPki.leaf(Api.CA.INTERMEDIATE, 90, "mismatch.ui.test");
    TestPki.Issued other = TestPki.leaf(Api.CA.INTERMEDIATE, 90, "other.ui.test");
    uploadThroughTheForm("ui-mismatch", leaf, other.pkcs8Pem());

    WebElement error = browser.findElement(By.id("err-tls_key"));
    assertThat(error.getText()).isNotBlank();
    assertThat(browser.findElement(By.name("tls_key")).getAttribute("aria-invalid"))
        .isEqualTo("true");
    screenshot("add-error");
    admin().get("/api/v1/certificates/ui-mismatch").then().statusCode(404);
  }

  @Test
  void theAcmeFormRevealsTheDnsFieldsAndChannelsAndAgentsHavePages() throws Exception {
    signIn(InfraResource.ADMIN_TOKEN);
    browser.get(base + "#/add");
    await().atMost(Duration.ofSeconds(10)).until(() -> heading().equals("Add Certificate"));
    assertThat(browser.findElement(By.id("dns-fields")).isDisplayed()).isFalse();
    browser.findElement(By.name("dns_challenge")).click();
    assertThat(browser.findElement(By.id("dns-fields")).isDisplayed()).isTrue();
    screenshot("add-acme");

    admin()
        .body(
            Map.of(
                "name", "ui-hook", "type", "webhook", "url", "https://hooks.example.test/certflow"))
        .post("/api/v1/channels")
        .then()
        .statusCode(201);
    browser.get(base + "#/channels");
    await().atMost(Duration.ofSeconds(10)).until(() -> heading().equals("Channels"));
    assertThat(browser.findElement(By.cssSelector("table")).getText())
        .contains("ui-hook")
        .contains("https://hooks.example.test/***");
    screenshot("channels");
    // A node that has read nothing yet: every certificate with a version is missing there.
    admin()
        .body(Api.upload("ui-agent", "agent.ui.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    AgentReports.send("ui-node", Map.of(), List.of());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> admin().get("/api/v1/agents/ui-node").statusCode() == 200);
    browser.get(base + "#/agents");
    await().atMost(Duration.ofSeconds(10)).until(() -> heading().equals("Agents"));
    assertThat(browser.findElement(By.id("agents-summary")).getText()).contains("node");
    screenshot("agents");
    browser.findElement(By.cssSelector("a[href='#/agents/ui-node/missing']")).click();
    await().atMost(Duration.ofSeconds(10)).until(() -> heading().equals("ui-node: missing"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> browser.findElement(By.id("page-info")).getText().contains(" of "));
  }

  @Test
  void viewersSeeNoEditControls() {
    admin()
        .body(Api.upload("ui-viewer", "viewer.ui.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    signIn(InfraResource.VIEWER_TOKEN);
    assertThat(browser.findElements(By.xpath("//button[text()='Add Certificate']"))).isEmpty();
    assertThat(browser.findElement(By.cssSelector("a[href='#/channels']")).isDisplayed()).isFalse();
    browser.get(base + "#/certificates/ui-viewer");
    await().atMost(Duration.ofSeconds(10)).until(() -> heading().equals("ui-viewer"));
    assertThat(browser.findElements(By.id("delete"))).isEmpty();
    assertThat(browser.findElements(By.xpath("//button[text()='Edit']"))).isEmpty();
  }

  @Test
  void itIsReadableOnAPhone() throws IOException {
    browser.manage().window().setSize(new Dimension(390, 844));
    admin()
        .body(Api.upload("ui-phone", "phone.ui.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    signIn(InfraResource.ADMIN_TOKEN);
    for (String page : List.of("#/", "#/add", "#/certificates/ui-phone", "#/agents")) {
      browser.get(base + page);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !heading().isEmpty() && !heading().equals("Sign in"));
      // Wide tables scroll inside their own box; the page itself never scrolls sideways.
      Object overflow =
          ((JavascriptExecutor) browser)
              .executeScript(
                  "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
      assertThat(((Number) overflow).intValue()).as(page).isLessThanOrEqualTo(0);
      if (page.startsWith("#/certificates/")) {
        screenshot("phone-details");
      }
    }
  }

  @Test
  void thePagesSendSecurityHeaders() {
    for (String path : new String[] {"/", "/app.js", "/api/v1/certificates"}) {
      RestAssured.given()
          .get(path)
          .then()
          .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
          .header("Content-Security-Policy", not(containsString("unsafe-inline")))
          .header("X-Content-Type-Options", "nosniff")
          .header("X-Frame-Options", "DENY");
    }
  }
}
