package io.acrcmk.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.api.Severity;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Checks the alert rules: promtool validates them and runs their unit tests, and the rules stay in
 * step with the condition reasons and the runbook.
 */
class AlertRulesTest {

  /** The condition types whose errors leave ACR without its key. */
  private static final Set<String> KEY_ACCESS_CONDITIONS =
      Set.of(
          ConditionTypes.IDENTITY_HEALTHY,
          ConditionTypes.KEY_VAULT_ACCESSIBLE,
          ConditionTypes.KEY_USABLE);

  private static final Pattern REASON_REGEX = Pattern.compile("reason=~\"([^\"]*)\"");

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    ProcessResult result = promtool("check", "rules", ChartFiles.path(ChartFiles.RULES).toString());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: 9 rules found");
  }

  @Test
  void promtoolUnitTestsOfEveryAlertPass() throws Exception {
    ProcessResult result =
        promtool("test", "rules", ChartFiles.path(ChartFiles.RULES_TESTS).toString());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
  }

  @Test
  void unitTestsCoverEveryAlertBothWays() throws Exception {
    JsonNode tests =
        new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
            .readTree(ChartFiles.read(ChartFiles.RULES_TESTS));
    Set<String> firing = new TreeSet<>();
    Set<String> silent = new TreeSet<>();
    for (JsonNode test : tests.path("tests")) {
      for (JsonNode check : test.path("alert_rule_test")) {
        String alert = check.path("alertname").asText();
        (check.path("exp_alerts").isEmpty() ? silent : firing).add(alert);
      }
    }

    assertThat(firing).as("alerts tested firing").isEqualTo(alertNames());
    assertThat(silent).as("alerts tested silent").isEqualTo(alertNames());
  }

  @Test
  void readmeAlertTableListsEveryAlert() throws IOException {
    String readme = Files.readString(ChartFiles.path("README.md"));

    for (String alert : alertNames()) {
      assertThat(readme).as(alert).contains("| `" + alert + "` |");
    }
  }

  @Test
  void criticalReasonsMatchKeyAccessErrors() {
    Set<String> expected =
        Arrays.stream(Reason.values())
            .filter(r -> r.severity() == Severity.Error)
            .filter(r -> KEY_ACCESS_CONDITIONS.contains(r.conditionType()))
            .map(Reason::name)
            .collect(Collectors.toCollection(TreeSet::new));

    for (JsonNode rule : rules()) {
      Matcher matcher = REASON_REGEX.matcher(rule.path("expr").asText());
      while (matcher.find()) {
        assertThat(new TreeSet<>(List.of(matcher.group(1).split("\\|"))))
            .as("reasons in %s", rule.path("alert").asText())
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void everyAlertLinksToItsRunbookSection() {
    String runbook = ChartFiles.read("docs/runbook.md");

    for (JsonNode rule : rules()) {
      String alert = rule.path("alert").asText();
      assertThat(rule.path("annotations").path("runbook_url").asText())
          .endsWith("/docs/runbook.md#" + alert.toLowerCase());
      assertThat(runbook).as("runbook section of %s", alert).contains("\n## " + alert + "\n");
      assertThat(rule.path("labels").path("severity").asText()).isIn("warning", "critical");
    }
  }

  private static List<JsonNode> rules() {
    List<JsonNode> rules = new ArrayList<>();
    for (JsonNode group : ChartFiles.rules().path("groups")) {
      group.path("rules").forEach(rules::add);
    }
    return rules;
  }

  private static Set<String> alertNames() {
    return rules().stream()
        .map(rule -> rule.path("alert").asText())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private record ProcessResult(int exitCode, String output) {}

  /** Runs promtool from PATH, or skips the test when it is not installed. */
  private static ProcessResult promtool(String... arguments)
      throws IOException, InterruptedException {
    Path promtool = onPath("promtool");
    assumeTrue(
        promtool != null,
        "promtool is not on PATH; install it with: apt-get install --no-install-recommends"
            + " prometheus");
    List<String> command = new ArrayList<>();
    command.add(promtool.toString());
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command)
            .directory(ChartFiles.path("deploy/prometheus").toFile())
            .redirectErrorStream(true)
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("promtool did not finish within 60 seconds");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new ProcessResult(process.exitValue(), output);
  }

  private static Path onPath(String executable) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String directory : path.split(File.pathSeparator)) {
      Path candidate = Path.of(directory, executable);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
