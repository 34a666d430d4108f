package dev.certflow.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, through its chromium-driver: the browser of the UI tests. The
 * background-networking switches keep it from calling out of this closed network.
 */
public final class HeadlessChromium {

  private HeadlessChromium() {}

  public static WebDriver start() throws IOException {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
        "--lang=en-US",
        "--user-data-dir=" + Files.createTempDirectory("certflow-chromium"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .build();
    WebDriver browser = new ChromeDriver(service, options);
    browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    return browser;
  }

  /** Saves what the browser shows as {@code directory/name.png}. */
  public static void screenshot(WebDriver browser, Path directory, String name) throws IOException {
    Files.createDirectories(directory);
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(
        shot.toPath(), directory.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
