package io.acrcmk.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks what the crd-generator made of the api classes. */
class GeneratedCrdTest {

  private static JsonNode crd;
  private static JsonNode version;
  private static JsonNode spec;

  @BeforeAll
  static void readGeneratedCrd() throws IOException {
    crd = new ObjectMapper(new YAMLFactory()).readTree(CrdFiles.generated());
    version = crd.at("/spec/versions/0");
    spec = version.at("/schema/openAPIV3Schema/properties/spec");
  }

  @Test
  void declaresNamesScopeAndStatusSubresource() {
    assertThat(crd.at("/metadata/name").asText()).isEqualTo("registryencryptionpolicies.acrcmk.io");
    assertThat(crd.at("/spec/group").asText()).isEqualTo("acrcmk.io");
    assertThat(crd.at("/spec/names/kind").asText()).isEqualTo("RegistryEncryptionPolicy");
    assertThat(crd.at("/spec/names/plural").asText()).isEqualTo("registryencryptionpolicies");
    assertThat(crd.at("/spec/names/shortNames").toString()).isEqualTo("[\"rep\"]");
    assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
    assertThat(crd.at("/spec/versions").size()).isEqualTo(1);
    assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
    assertThat(version.path("served").asBoolean()).isTrue();
    assertThat(version.path("storage").asBoolean()).isTrue();
    assertThat(version.at("/subresources/status").isObject()).isTrue();
  }

  @Test
  void declaresPrinterColumns() {
    List<String> columns = new ArrayList<>();
    version
        .path("additionalPrinterColumns")
        .forEach(
            column ->
                columns.add(
                    column.path("name").asText()
                        + " "
                        + column.path("type").asText()
                        + " "
                        + column.path("jsonPath").asText()));

    assertThat(columns)
        .containsExactlyInAnyOrder(
            "Ready string .status.conditions[?(@.type==\"Ready\")].status",
            "Reason string .status.conditions[?(@.type==\"Ready\")].reason",
            "Registry string .status.registryName",
            "Last Check date .status.lastCheckTime",
            "Age date .metadata.creationTimestamp");
  }

  @Test
  void describesEveryField() {
    List<String> undescribed = new ArrayList<>();
    JsonNode root = version.at("/schema/openAPIV3Schema");
    collectUndescribed(root, "", undescribed);

    assertThat(undescribed).as("fields without a description").isEmpty();
  }

  @Test
  void enumsListEveryJavaConstant() {
    assertThat(enumValues(spec.at("/properties/identity/properties/type")))
        .containsExactlyInAnyOrder(names(IdentityType.values()));
    assertThat(enumValues(spec.at("/properties/healing/properties/mode")))
        .containsExactlyInAnyOrder(names(HealingMode.values()));
    assertThat(enumValues(spec.at("/properties/healing/properties/actions/items")))
        .containsExactlyInAnyOrder(names(HealAction.values()));
    JsonNode conditions =
        version.at("/schema/openAPIV3Schema/properties/status/properties/conditions/items");
    assertThat(enumValues(conditions.at("/properties/status")))
        .containsExactlyInAnyOrder(names(ConditionStatus.values()));
  }

  @Test
  void actionsHoldAtMostEveryActionOnce() {
    JsonNode actions = spec.at("/properties/healing/properties/actions");

    assertThat(actions.path("maxItems").asInt()).isEqualTo(HealAction.values().length);
    assertThat(actions.path("x-kubernetes-list-type").asText()).isEqualTo("set");
  }

  @Test
  void conditionsAreAListMapKeyedByType() {
    JsonNode conditions =
        version.at("/schema/openAPIV3Schema/properties/status/properties/conditions");

    assertThat(conditions.path("x-kubernetes-list-type").asText()).isEqualTo("map");
    assertThat(conditions.path("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"type\"]");
    assertThat(conditions.at("/items/required").toString()).contains("\"type\"");
  }

  @Test
  void schemaDefaultsEqualJavaDefaults() {
    RegistryEncryptionPolicySpec defaults = new RegistryEncryptionPolicySpec();

    assertThat(spec.at("/properties/checkInterval/default").asText())
        .isEqualTo(defaults.getCheckInterval())
        .isEqualTo("5m");
    assertThat(spec.at("/properties/keyExpiryWarning/default").asText())
        .isEqualTo(defaults.getKeyExpiryWarning())
        .isEqualTo("720h");
    assertThat(spec.at("/properties/suspend/default").asBoolean(true)).isFalse();
    assertThat(spec.at("/properties/healing/properties/mode/default").asText())
        .isEqualTo(defaults.getHealing().getMode().name())
        .isEqualTo("Disabled");
    assertThat(spec.at("/properties/healing/default/mode").asText()).isEqualTo("Disabled");
  }

  @Test
  void javaDefaultDurationsParse() {
    RegistryEncryptionPolicySpec defaults = new RegistryEncryptionPolicySpec();

    assertThat(GoDuration.parse(defaults.getCheckInterval())).hasMinutes(5);
    assertThat(GoDuration.parse(defaults.getKeyExpiryWarning())).hasDays(30);
  }

  private static void collectUndescribed(JsonNode schema, String path, List<String> undescribed) {
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            property -> {
              String child = StructuralSchema.child(path, property.getKey());
              if (property.getValue().path("description").asText().isBlank()) {
                undescribed.add(child);
              }
              collectUndescribed(property.getValue(), child, undescribed);
            });
    if (schema.has("items")) {
      collectUndescribed(schema.get("items"), path + "[]", undescribed);
    }
  }

  private static List<String> enumValues(JsonNode schema) {
    List<String> values = new ArrayList<>();
    schema.path("enum").forEach(value -> values.add(value.asText()));
    return values;
  }

  private static String[] names(Enum<?>[] constants) {
    return Arrays.stream(constants).map(Enum::name).toArray(String[]::new);
  }
}
