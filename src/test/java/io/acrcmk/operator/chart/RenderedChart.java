package io.acrcmk.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The chart rendered by Helm's own template engine, through helm-java, as parsed documents. */
final class RenderedChart {

  static final String RELEASE = "acrcmk";
  static final String NAMESPACE = "acr-cmk-system";

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final List<JsonNode> documents;

  private RenderedChart(List<JsonNode> documents) {
    this.documents = documents;
  }

  /** Renders the chart with its default values. */
  static RenderedChart render() {
    return render(Map.of());
  }

  /**
   * Renders the chart with {@code values} on top of its defaults, passed as a values file so that
   * lists and maps keep their types.
   *
   * @throws IllegalStateException with Helm's message when rendering fails, for example on a value
   *     the schema rejects
   */
  static RenderedChart render(Map<String, Object> values) {
    return new RenderedChart(parse(template(values)));
  }

  /** Returns Helm's output for {@code values}. */
  static String template(Map<String, Object> values) {
    try {
      Path file = Files.createTempFile(valuesDirectory(), "values-", ".yaml");
      YAML.writeValue(file.toFile(), values);
      return new Helm(ChartFiles.path(ChartFiles.CHART))
          .template()
          .withName(RELEASE)
          .withNamespace(NAMESPACE)
          .withValuesFile(file)
          .call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path valuesDirectory() throws IOException {
    return Files.createDirectories(ChartFiles.path("target/chart-values"));
  }

  private static List<JsonNode> parse(String output) {
    List<JsonNode> parsed = new ArrayList<>();
    for (String document : output.split("(?m)^---\\s*$")) {
      try {
        JsonNode node = YAML.readTree(document);
        if (node != null && node.hasNonNull("kind")) {
          parsed.add(node);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Helm rendered a document that is not YAML:\n" + document, e);
      }
    }
    return parsed;
  }

  /** Returns every document of {@code kind}. */
  List<JsonNode> all(String kind) {
    return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
  }

  /** Returns the only document of {@code kind}, or empty when there is none. */
  Optional<JsonNode> find(String kind) {
    List<JsonNode> matching = all(kind);
    if (matching.size() > 1) {
      throw new AssertionError("expected at most one " + kind + " but found " + matching.size());
    }
    return matching.stream().findFirst();
  }

  /** Returns the only document of {@code kind}. */
  JsonNode one(String kind) {
    return find(kind).orElseThrow(() -> new AssertionError("no " + kind + " was rendered"));
  }

  /** Returns the only document of {@code kind} as a fabric8 model object. */
  <T extends HasMetadata> T typed(String kind, Class<T> type) {
    return SERIALIZATION.convertValue(one(kind), type);
  }

  /** Returns every rendered document. */
  List<JsonNode> documents() {
    return documents;
  }
}
