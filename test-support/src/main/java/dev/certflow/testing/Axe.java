package dev.certflow.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Deque's axe-core, from the npm registry, run in the browser on the page on screen: the WCAG
 * 2.0/2.1/2.2 A and AA rules a machine can check. Installed once into {@code target/axe}.
 */
public final class Axe {

  static final String VERSION = "4.14.1";
  private static final List<String> TAGS =
      List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
  private static String source;

  private Axe() {}

  /** Each violation as "rule: the elements at fault"; empty when the page passes. */
  @SuppressWarnings("unchecked") // the script returns a list of strings
  public static List<String> violations(WebDriver browser)
      throws IOException, InterruptedException {
    JavascriptExecutor js = (JavascriptExecutor) browser;
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    js.executeScript(source());
    return (List<String>)
        js.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
                + ".then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): '"
                + " + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', '))))"
                + ".catch(e => done(['axe failed: ' + e]));",
            TAGS);
  }

  private static synchronized String source() throws IOException, InterruptedException {
    if (source == null) {
      Path dir = Path.of("target", "axe").toAbsolutePath();
      Path script = dir.resolve("node_modules/axe-core/axe.min.js");
      if (!Files.exists(script)) {
        Files.createDirectories(dir);
        Process npm =
            new ProcessBuilder(
                    "npm",
                    "install",
                    "--no-save",
                    "--prefix",
                    dir.toString(),
                    "axe-core@" + VERSION)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("npm.log").toFile())
                .start();
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.exists(script)) {
          throw new IOException(
              "npm could not install axe-core "
                  + VERSION
                  + ": "
                  + Files.readString(dir.resolve("npm.log")));
        }
      }
      source = Files.readString(script);
    }
    return source;
  }
}
