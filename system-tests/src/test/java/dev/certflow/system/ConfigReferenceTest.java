package dev.certflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration reference names every {@code CERTFLOW_} variable that a service or
 * {@code bin/certflow} reads, so the front door cannot fall behind the code.
 */
class ConfigReferenceTest {

  private static final Path ROOT =
      Path.of(System.getProperty("certflow.root", "..")).toAbsolutePath().normalize();

  /**
   * A method of a {@code @ConfigMapping(prefix = "certflow")} interface, not of a nested one (more
   * indented) and not a map of named groups ({@code CERTFLOW_CAS_<NAME>_...}, named by hand).
   */
  private static final Pattern PROPERTY =
      Pattern.compile("(?m)^  (?!Map<)[\\w<>,.][\\w<>, .]* (\\w+)\\(\\);");

  private static final List<String> CONFIG_INTERFACES =
      List.of(
          "cert-api/src/main/java/dev/certflow/api/config/CertflowConfig.java",
          "acme-worker/src/main/java/dev/certflow/worker/config/WorkerConfig.java",
          "dns-gateway/src/main/java/dev/certflow/dns/config/GatewayConfig.java",
          "notifier/src/main/java/dev/certflow/notifier/config/NotifierConfig.java",
          "proxy-agent/src/main/java/dev/certflow/agent/config/AgentConfig.java");

  @Test
  void everyVariableIsInTheReadmeConfigurationSection() throws IOException {
    Set<String> variables = new TreeSet<>();
    for (String source : CONFIG_INTERFACES) {
      Matcher m = PROPERTY.matcher(Files.readString(ROOT.resolve(source)));
      while (m.find()) {
        variables.add(
            "CERTFLOW_"
                + m.group(1).replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
      }
    }
    for (String module :
        List.of("cert-api", "acme-worker", "dns-gateway", "notifier", "proxy-agent")) {
      collect(
          ROOT.resolve(module + "/src/main/resources/application.properties"),
          Pattern.compile("\\$\\{(CERTFLOW_[A-Z_]+)"),
          variables);
    }
    collect(ROOT.resolve("bin/certflow"), Pattern.compile("\\$\\{(CERTFLOW_[A-Z_]+):-"), variables);
    assertThat(variables)
        .as("variables found")
        .contains("CERTFLOW_MASTER_KEY", "CERTFLOW_STATUS_COALESCE", "CERTFLOW_STATE_DIR");

    String readme = Files.readString(ROOT.resolve("README.md"));
    String reference =
        readme.substring(readme.indexOf("## Configuration"), readme.indexOf("How an agent picks"));
    assertThat(variables)
        .allSatisfy(v -> assertThat(reference).as("README names " + v).contains("`" + v + "`"));
  }

  private static void collect(Path file, Pattern pattern, Set<String> into) throws IOException {
    Matcher m = pattern.matcher(Files.readString(file));
    while (m.find()) {
      into.add(m.group(1));
    }
  }
}
