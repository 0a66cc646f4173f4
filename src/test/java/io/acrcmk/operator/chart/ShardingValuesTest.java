package io.acrcmk.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Renders the chart with each values file of docs/sharding.md and checks what a shard gets. */
class ShardingValuesTest {

  private static final String DOC = "docs/sharding.md";
  private static final Pattern VALUES_BLOCK =
      Pattern.compile("```yaml\\n# (values-[a-z0-9-]+\\.yaml)\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern SET_SELECTOR =
      Pattern.compile("(?<key>\\S+) (?<operator>in|notin) \\((?<values>[^)]*)\\)");
  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void docHasThreeShardValues() {
    assertThat(shardValues().keySet())
        .containsExactly(
            "values-platform.yaml", "values-registries-blue.yaml", "values-registries-rest.yaml");
  }

  @Test
  void eachShardRendersWithItsSelection() {
    for (Map.Entry<String, Map<String, Object>> shard : shardValues().entrySet()) {
      Map<String, Object> values = shard.getValue();
      Map<?, ?> operator = (Map<?, ?>) values.get("operator");
      List<?> namespaces = (List<?>) operator.get("watchNamespaces");
      Object selector = operator.get("labelSelector");
      RenderedChart chart = RenderedChart.render(values);

      Map<String, String> env = env(chart);
      assertThat(env.get("WATCH_NAMESPACES"))
          .as(shard.getKey())
          .isEqualTo(namespaces.stream().map(String::valueOf).collect(Collectors.joining(",")));
      assertThat(env.get("WATCH_LABEL_SELECTOR"))
          .as(shard.getKey())
          .isEqualTo(selector == null ? "" : selector);
      assertThat(chart.find("ClusterRole")).as(shard.getKey()).isEmpty();
      assertThat(chart.find("ClusterRoleBinding")).as(shard.getKey()).isEmpty();
      assertThat(namespacesOf(chart, "Role"))
          .as(shard.getKey())
          .containsAll(namespaces.stream().map(String::valueOf).toList());
      assertThat(
              chart
                  .one("ServiceAccount")
                  .path("metadata")
                  .path("annotations")
                  .path("azure.workload.identity/client-id")
                  .asText())
          .as(shard.getKey())
          .isEqualTo(((Map<?, ?>) values.get("workloadIdentity")).get("clientId"));
    }
  }

  @Test
  void shardsSelectDisjointPolicies() {
    Map<String, Map<String, Object>> shards = shardValues();
    Map<String, List<String>> selectorsByNamespace = new LinkedHashMap<>();
    List<String> clientIds = new ArrayList<>();
    for (Map<String, Object> values : shards.values()) {
      Map<?, ?> operator = (Map<?, ?>) values.get("operator");
      Object selector = operator.get("labelSelector");
      for (Object namespace : (List<?>) operator.get("watchNamespaces")) {
        selectorsByNamespace
            .computeIfAbsent(String.valueOf(namespace), key -> new ArrayList<>())
            .add(selector == null ? "" : String.valueOf(selector));
      }
      clientIds.add(String.valueOf(((Map<?, ?>) values.get("workloadIdentity")).get("clientId")));
    }

    assertThat(clientIds).as("one Azure identity per shard").doesNotHaveDuplicates();
    for (Map.Entry<String, List<String>> namespace : selectorsByNamespace.entrySet()) {
      List<String> selectors = namespace.getValue();
      if (selectors.size() == 1) {
        continue;
      }
      assertThat(selectors).as(namespace.getKey()).hasSize(2);
      Matcher first = matchSet(selectors.get(0));
      Matcher second = matchSet(selectors.get(1));
      assertThat(second.group("key")).as(namespace.getKey()).isEqualTo(first.group("key"));
      assertThat(second.group("values")).as(namespace.getKey()).isEqualTo(first.group("values"));
      assertThat(List.of(first.group("operator"), second.group("operator")))
          .as("%s: one selector is the complement of the other", namespace.getKey())
          .containsExactlyInAnyOrder("in", "notin");
    }
  }

  private static Matcher matchSet(String selector) {
    Matcher matcher = SET_SELECTOR.matcher(selector);
    assertThat(matcher.matches()).as("a set-based selector: %s", selector).isTrue();
    return matcher;
  }

  /** Returns each values file of the doc by its name, in the order the doc lists them. */
  private static Map<String, Map<String, Object>> shardValues() {
    Matcher blocks = VALUES_BLOCK.matcher(ChartFiles.read(DOC));
    Map<String, Map<String, Object>> shards = new LinkedHashMap<>();
    while (blocks.find()) {
      try {
        shards.put(blocks.group(1), YAML.readValue(blocks.group(2), new TypeReference<>() {}));
      } catch (Exception e) {
        throw new AssertionError(blocks.group(1) + " in " + DOC + " is not YAML", e);
      }
    }
    return shards;
  }

  private static Map<String, String> env(RenderedChart chart) {
    return chart
        .typed("Deployment", Deployment.class)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .stream()
        .filter(env -> env.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  private static List<String> namespacesOf(RenderedChart chart, String kind) {
    return chart.all(kind).stream()
        .map(document -> document.path("metadata").path("namespace"))
        .map(JsonNode::asText)
        .toList();
  }
}
