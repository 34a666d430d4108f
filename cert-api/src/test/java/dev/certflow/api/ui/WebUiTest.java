package dev.certflow.api.ui;

import static dev.certflow.api.testing.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.certflow.api.testing.AgentReports;
import dev.certflow.api.testing.Api;
import dev.certflow.api.testing.InfraResource;
import dev.certflow.api.testing.Topic;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventType;
import dev.certflow.events.OrderCommand;
import dev.certflow.events.OrderResult;
import dev.certflow.events.Topics;
import dev.certflow.testing.Axe;
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
import org.openqa.selenium.chrome.ChromeDriver;

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
    await().atMost(Duration.ofSeconds(10)).until(() -> heading().equals("Overview"));
  }

  /** Opens a page of the console and waits for its heading. */
  private void open(String page, String title) {
    browser.get(base + page);
    await().atMost(Duration.ofSeconds(10)).until(() -> heading().equals(title));
  }

  /** Uploads a certificate through the API. */
  private static void upload(String name, String host) {
    admin().body(Api.upload(name, host)).post("/api/v1/certificates").then().statusCode(201);
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
    open("#/add", "Add Certificate");
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

    open("#/certificates", "Certificate Management");
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
    open("#/certificates", "Certificate Management");
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
    open("#/add", "Add Certificate");
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
    open("#/channels", "Channels");
    assertThat(browser.findElement(By.cssSelector("table")).getText())
        .contains("ui-hook")
        .contains("https://hooks.example.test/***");
    screenshot("channels");
    // A node that has read nothing yet: every certificate with a version is missing there.
    upload("ui-agent", "agent.ui.test");
    AgentReports.send("ui-node", Map.of(), List.of());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> admin().get("/api/v1/agents/ui-node").statusCode() == 200);
    open("#/agents", "Agents");
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
    upload("ui-viewer", "viewer.ui.test");
    signIn(InfraResource.VIEWER_TOKEN);
    open("#/certificates", "Certificate Management");
    assertThat(browser.findElements(By.xpath("//a[text()='Add Certificate']"))).isEmpty();
    assertThat(browser.findElement(By.cssSelector("a[href='#/channels']")).isDisplayed()).isFalse();
    open("#/certificates/ui-viewer", "ui-viewer");
    assertThat(browser.findElements(By.id("delete"))).isEmpty();
    assertThat(browser.findElements(By.xpath("//a[text()='Edit']"))).isEmpty();
  }

  @Test
  void itIsReadableOnAPhone() throws IOException {
    browser.manage().window().setSize(new Dimension(390, 844));
    upload("ui-phone", "phone.ui.test");
    signIn(InfraResource.ADMIN_TOKEN);
    for (String page :
        List.of(
            "#/",
            "#/certificates",
            "#/add",
            "#/certificates/ui-phone",
            "#/agents",
            "#/fleet",
            "#/channels")) {
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
      if (page.equals("#/certificates")) {
        // Cards, not a table wider than the phone: name, status, days left and nodes in view.
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> browser.findElement(By.cssSelector("tbody")).getText().contains("ui-phone"));
        Object wider =
            ((JavascriptExecutor) browser)
                .executeScript(
                    "const w = document.querySelector('.table-wrap');"
                        + " return w.scrollWidth - w.clientWidth;");
        assertThat(((Number) wider).intValue()).isLessThanOrEqualTo(0);
        screenshot("phone-list");
      }
    }
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  private void emulateDark(boolean dark) {
    ((ChromeDriver) browser)
        .executeCdpCommand(
            "Emulation.setEmulatedMedia",
            Map.of(
                "features",
                List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
  }

  private static final List<String> PAGES =
      List.of(
          "#/",
          "#/certificates",
          "#/add",
          "#/certificates/ui-a11y",
          "#/agents",
          "#/fleet",
          "#/channels",
          "#/agents/ui-a11y-node/missing");

  /** Issue 18: every page, light and dark, English and Chinese, passes axe-core's WCAG A/AA. */
  @Test
  void everyPagePassesAxeInLightDarkAndChinese() throws Exception {
    upload("ui-a11y", "a11y.ui.test");
    AgentReports.send("ui-a11y-node", Map.of(), List.of());
    signIn(InfraResource.ADMIN_TOKEN);
    for (boolean dark : List.of(false, true)) {
      emulateDark(dark);
      for (String page : PAGES) {
        browser.get(base + page);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> !heading().isEmpty() && !heading().equals("Sign in"));
        assertThat(Axe.violations(browser)).as(page + (dark ? " (dark)" : "")).isEmpty();
      }
    }
    open("#/", "Overview");
    screenshot("dark-overview");
    emulateDark(false);
    browser.navigate().refresh();
    await().atMost(Duration.ofSeconds(10)).until(() -> heading().equals("Overview"));
    screenshot("overview");

    // Chinese: chosen with the switch, kept for the next visit.
    js(
        "const s = document.getElementById('lang'); s.value = 'zh-CN';"
            + " s.dispatchEvent(new Event('change'));");
    await().atMost(Duration.ofSeconds(10)).until(() -> heading().equals("概览"));
    assertThat(browser.findElement(By.cssSelector("html")).getAttribute("lang")).isEqualTo("zh-CN");
    assertThat(browser.findElement(By.id("nav")).getText()).contains("证书");
    screenshot("zh-overview");
    for (String page : PAGES) {
      browser.get(base + page);
      await().atMost(Duration.ofSeconds(10)).until(() -> !heading().isEmpty());
      assertThat(Axe.violations(browser)).as(page + " (zh-CN)").isEmpty();
    }
    js("localStorage.removeItem('certflow-lang');");
  }

  /** Issue 18: what axe cannot see: skip link, focus, titles, nesting, contrast of focus. */
  @Test
  void keyboardUsersGetASkipLinkTheHeadingFocusedAndATitlePerPage() {
    upload("ui-a11y-2", "a11y2.ui.test");
    signIn(InfraResource.ADMIN_TOKEN);
    open("#/certificates", "Certificate Management");
    assertThat(browser.getTitle()).startsWith("Certificate Management");
    // The first Tab reaches the skip link, which leads past the header.
    browser.navigate().refresh();
    await().atMost(Duration.ofSeconds(10)).until(() -> heading().equals("Certificate Management"));
    js("document.activeElement.blur();");
    browser.findElement(By.cssSelector("body")).sendKeys(org.openqa.selenium.Keys.TAB);
    assertThat(js("return document.activeElement.id;")).isEqualTo("skip");
    assertThat(js("return document.activeElement.getAttribute('href');")).isEqualTo("#main");

    // A navigation moves focus to the new page's heading, without scrolling the header away.
    js("location.hash = '#/add';");
    await().atMost(Duration.ofSeconds(10)).until(() -> heading().equals("Add Certificate"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> "H1".equals(js("return document.activeElement.tagName;")));
    assertThat(((Number) js("return window.scrollY;")).intValue()).isZero();
    assertThat(browser.getTitle()).startsWith("Add Certificate");
    // Typing after clicking a field lands in that field.
    browser.findElement(By.name("name")).click();
    browser.findElement(By.name("name")).sendKeys("typed");
    assertThat(browser.findElement(By.name("name")).getAttribute("value")).isEqualTo("typed");

    // No control inside another; the focus ring and control edges at 3:1 or more.
    for (String page : List.of("#/", "#/certificates", "#/certificates/ui-a11y-2", "#/channels")) {
      browser.get(base + page);
      await().atMost(Duration.ofSeconds(10)).until(() -> !heading().isEmpty());
      assertThat(
              ((Number)
                      js(
                          "return document.querySelectorAll('a button, a a, button a, button"
                              + " button, a input, button input').length;"))
                  .intValue())
          .as(page)
          .isZero();
    }
    assertThat(contrast("--focus", "--panel")).isGreaterThanOrEqualTo(3.0);
    assertThat(contrast("--edge", "--panel")).isGreaterThanOrEqualTo(3.0);
    emulateDark(true);
    assertThat(contrast("--focus", "--panel")).isGreaterThanOrEqualTo(3.0);
    assertThat(contrast("--edge", "--panel")).isGreaterThanOrEqualTo(3.0);
    emulateDark(false);
  }

  /** WCAG contrast of two of the style's colours (#rrggbb), as the browser resolves them now. */
  private double contrast(String foreground, String background) {
    double a = luminance(colour(foreground));
    double b = luminance(colour(background));
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }

  private String colour(String variable) {
    return String.valueOf(
            js(
                "return getComputedStyle(document.documentElement).getPropertyValue(arguments[0]);",
                variable))
        .strip();
  }

  private static double luminance(String colour) {
    String hex =
        colour.length() == 4
            ? "#"
                + colour.charAt(1)
                + colour.charAt(1)
                + colour.charAt(2)
                + colour.charAt(2)
                + colour.charAt(3)
                + colour.charAt(3)
            : colour;
    double[] c = new double[3];
    for (int i = 0; i < 3; i++) {
      double x = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
      c[i] = x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  /** Issue 18: a failed request shows its message in place of the page; the next clears it. */
  @Test
  void aFailedPageShowsItsErrorInPlaceAndTheNextNavigationClearsIt() {
    signIn(InfraResource.ADMIN_TOKEN);
    browser.get(base + "#/certificates/no-such-certificate");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> heading().equals("Could not load this page"));
    assertThat(browser.findElement(By.id("page-error")).getText()).contains("no-such-certificate");
    js("location.hash = '#/certificates';");
    await().atMost(Duration.ofSeconds(10)).until(() -> heading().equals("Certificate Management"));
    assertThat(browser.findElements(By.id("page-error"))).isEmpty();
    assertThat(browser.findElement(By.id("flash")).getText()).isEmpty();
  }

  /** Issue 18: the overview counts by state and links to the list filtered by that state. */
  @Test
  void theOverviewCountsByStateAndLinksToTheFilteredListAndTheFleetShowsEachNode()
      throws Exception {
    java.time.Instant now = java.time.Instant.now();
    TestPki.Issued soon =
        TestPki.leaf(
            Api.CA.INTERMEDIATE,
            TestPki.ecKey(),
            now.minus(Duration.ofDays(80)),
            now.plus(Duration.ofDays(3)),
            "soon.overview.ui.test");
    Map<String, Object> body = Api.upload("ui-overview-soon", soon);
    admin().body(body).post("/api/v1/certificates").then().statusCode(201);
    AgentReports.send("ui-fleet-node", Map.of(), List.of());
    signIn(InfraResource.ADMIN_TOKEN);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> browser.findElement(By.id("timeline")).getText().contains("ui-overview-soon"));
    String expiring =
        browser.findElement(By.cssSelector("#state-counts a.expiring strong")).getText();
    assertThat(Integer.parseInt(expiring.replace(",", ""))).isPositive();
    browser.findElement(By.cssSelector("#state-counts a.expiring")).click();
    await().atMost(Duration.ofSeconds(10)).until(() -> heading().equals("Certificate Management"));
    assertThat(js("return document.getElementById('status-filter').value;")).isEqualTo("expiring");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                browser
                    .findElement(By.cssSelector("tbody"))
                    .getText()
                    .contains("ui-overview-soon"));
    // Sorted by status: what needs attention first.
    js(
        "const s = document.getElementById('sort'); s.value = 'status';"
            + " s.dispatchEvent(new Event('change'));");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> browser.getCurrentUrl().contains("sort=status"));

    open("#/fleet", "Certificates × nodes");
    // The test's nodes report once, so they show as missing, or as silent once quiet for 5 s.
    assertThat(browser.findElement(By.id("fleet-cells")).getText())
        .contains("ui-fleet-node")
        .containsAnyOf("missing", "silent");
    screenshot("fleet");
  }

  /** Issue 18: a selection of the list is deleted (or renewed, exported) in one go. */
  @Test
  void aSelectionIsDeletedInOneGo() {
    for (int i = 0; i < 3; i++) {
      admin()
          .body(Api.upload("ui-bulk-" + i, "bulk" + i + ".ui.test"))
          .post("/api/v1/certificates")
          .then()
          .statusCode(201);
    }
    signIn(InfraResource.ADMIN_TOKEN);
    browser.get(base + "#/certificates?q=ui-bulk-");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> browser.findElements(By.cssSelector("tbody input.pick")).size() == 3);
    browser.findElement(By.id("select-page")).click();
    assertThat(browser.findElement(By.id("selection")).getText()).contains("3");
    browser.findElement(By.id("bulk-renew")).click();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> browser.findElement(By.id("flash")).getText().contains("3 skipped"));
    browser.findElement(By.id("bulk-delete")).click();
    browser.switchTo().alert().accept();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> browser.findElement(By.id("flash")).getText().contains("Deleted 3"));
    for (int i = 0; i < 3; i++) {
      admin().get("/api/v1/certificates/ui-bulk-" + i).then().statusCode(404);
    }
  }

  /** Issue 18: a certificate's page follows its order: progress, Renew disabled, the result. */
  @Test
  void theDetailsFollowAnOrderUntilItIsIssued() throws Exception {
    admin()
        .body(Map.of("name", "ui-live", "acme", true, "domains", "live.ui.test"))
        .post("/api/v1/certificates")
        .then()
        .statusCode(201);
    signIn(InfraResource.ADMIN_TOKEN);
    open("#/certificates/ui-live", "ui-live");
    assertThat(browser.findElement(By.id("progress")).getText()).contains("HTTP-01");
    assertThat(browser.findElement(By.id("renew")).isEnabled()).isFalse();

    Topics topics = Topics.defaults();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                !Topic.payloads(topics.orders(), "ui-live", EventType.ORDER, OrderCommand.class)
                    .isEmpty());
    OrderCommand order =
        Topic.payloads(topics.orders(), "ui-live", EventType.ORDER, OrderCommand.class).get(0);
    java.security.PublicKey key =
        new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest(
                java.util.Base64.getDecoder().decode(order.csr()))
            .getPublicKey();
    java.time.Instant now = java.time.Instant.now();
    String chain =
        TestPki.pem(
            TestPki.leafFor(
                Api.CA.INTERMEDIATE,
                key,
                now.minusSeconds(60),
                now.plus(Duration.ofDays(90)),
                "live.ui.test"),
            Api.CA.INTERMEDIATE.certificate(),
            Api.CA.ROOT.certificate());
    Topic.send(
        topics.orderResults(),
        "ui-live",
        Envelope.of(EventType.ORDER_RESULT, OrderResult.issued(order.orderId(), "ui-live", chain)));
    // No reload: the page looks again by itself.
    await()
        .atMost(Duration.ofSeconds(40))
        .until(
            () ->
                browser.findElements(By.id("progress")).isEmpty()
                    && browser.findElement(By.cssSelector("dl.facts")).getText().contains("valid"));
    assertThat(browser.findElement(By.id("renew")).isEnabled()).isTrue();
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
