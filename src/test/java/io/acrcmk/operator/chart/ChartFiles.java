package io.acrcmk.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Locates the chart, the alert rules and the dashboard in the repository, and reads them. */
public final class ChartFiles {

  /** The chart, relative to the repository root. */
  public static final String CHART = "charts/acr-cmk-operator";

  /** The alert rules as a plain Prometheus rule file, relative to the repository root. */
  public static final String RULES = "deploy/prometheus/acr-cmk-operator-rules.yaml";

  /** The rules' unit tests for promtool, relative to the repository root. */
  public static final String RULES_TESTS = "deploy/prometheus/acr-cmk-operator-rules-test.yaml";

  /** The chart's copy of the rules, which its PrometheusRule template reads. */
  public static final String CHART_RULES = CHART + "/files/prometheus-rules.yaml";

  /** The Grafana dashboard the chart ships. */
  public static final String DASHBOARD = CHART + "/files/dashboards/acr-cmk-operator.json";

  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");

  private ChartFiles() {}

  /**
   * Returns the repository root: the {@code acrcmk.repoRoot} system property that surefire sets, or
   * else the working directory.
   */
  public static Path repoRoot() {
    String property = System.getProperty("acrcmk.repoRoot");
    Path root = Path.of(property != null ? property : "").toAbsolutePath();
    if (!Files.exists(root.resolve("pom.xml"))) {
      throw new IllegalStateException("no pom.xml in " + root + "; set -Dacrcmk.repoRoot");
    }
    return root;
  }

  /** Returns {@code relative} resolved against the repository root. */
  public static Path path(String relative) {
    return repoRoot().resolve(relative);
  }

  /** Returns the text of a file given relative to the repository root. */
  public static String read(String relative) {
    try {
      return Files.readString(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the {@code expr} of every panel target of the dashboard. */
  public static List<String> dashboardExpressions() {
    List<String> expressions = new ArrayList<>();
    for (JsonNode expr : dashboard().findValues("expr")) {
      expressions.add(expr.asText());
    }
    return expressions;
  }

  /**
   * Returns the metric names the dashboard's queries select, and those its variables read with
   * {@code label_values(metric, label)}.
   */
  public static Set<String> dashboardMetricNames() {
    Set<String> names = new TreeSet<>();
    dashboardExpressions().forEach(expr -> names.addAll(PromQl.metricNames(expr)));
    for (JsonNode variable : dashboard().path("templating").path("list")) {
      Matcher matcher = LABEL_VALUES.matcher(variable.path("definition").asText());
      if (matcher.find()) {
        names.add(matcher.group(1));
      }
    }
    return names;
  }

  private static JsonNode dashboard() {
    try {
      return new ObjectMapper().readTree(read(DASHBOARD));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the rules of the plain rule file, as parsed YAML. */
  public static JsonNode rules() {
    try {
      return new YAMLMapper().readTree(read(RULES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the metric names the alert rules' expressions select. */
  public static Set<String> alertRuleMetricNames() {
    Set<String> names = new TreeSet<>();
    for (JsonNode group : rules().path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        names.addAll(PromQl.metricNames(rule.path("expr").asText()));
      }
    }
    return names;
  }
}
