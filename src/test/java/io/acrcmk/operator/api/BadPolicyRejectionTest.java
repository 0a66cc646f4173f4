package io.acrcmk.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad policies, each made by changing one thing in the user-assigned example, and the exact
 * messages kube-apiserver rejects them with.
 */
class BadPolicyRejectionTest {

  private static final CrdSchemaValidator VALIDATOR = CrdSchemaValidator.forGeneratedCrd();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final String SUBSCRIPTION =
      "/subscriptions/7a3c9f2e-1b4d-4e8a-9c6f-2d5e8b1a4c70/resourceGroups/rg-acr-cmk";
  private static final String VAULT_ID =
      SUBSCRIPTION + "/providers/Microsoft.KeyVault/vaults/contoso-cmk-kv";
  private static final String IDENTITY_ID =
      SUBSCRIPTION + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/acr-cmk-identity";
  private static final String ACTIONS =
      "supported values: \"EnableTrustedServicesBypass\", \"ReassignIdentity\","
          + " \"RecoverDeletedKey\", \"RotateToLatestKeyVersion\"";

  static Stream<Arguments> badPolicies() {
    return Stream.of(
        bad(
            "UserAssigned identity without resourceId",
            spec -> ((ObjectNode) spec.get("identity")).remove("resourceId"),
            "spec.identity: Invalid value: \"object\": resourceId is required when type is"
                + " UserAssigned"),
        bad(
            "SystemAssigned identity with a resourceId",
            spec -> set(spec, "identity", "type", "SystemAssigned"),
            "spec.identity: Invalid value: \"object\": resourceId must not be set when type is"
                + " SystemAssigned"),
        bad(
            "registry ID with a malformed subscription",
            spec ->
                set(
                    spec,
                    "registry",
                    "resourceId",
                    "/subscriptions/prod/resourceGroups/rg-acr-cmk/providers/"
                        + "Microsoft.ContainerRegistry/registries/contosoprodacr"),
            "spec.registry.resourceId: Invalid value: \"/subscriptions/prod/resourceGroups/"
                + "rg-acr-cmk/providers/Microsoft.ContainerRegistry/registries/contosoprodacr\":"
                + " spec.registry.resourceId in body should match '"
                + ResourceIdPatterns.REGISTRY
                + "'"),
        bad(
            "vault ID in the registry field",
            spec -> set(spec, "registry", "resourceId", VAULT_ID),
            "spec.registry.resourceId: Invalid value: \""
                + VAULT_ID
                + "\": spec.registry.resourceId in body should match '"
                + ResourceIdPatterns.REGISTRY
                + "'"),
        bad(
            "identity ID in the vault field",
            spec -> set(spec, "keyVault", "resourceId", IDENTITY_ID),
            "spec.keyVault.resourceId: Invalid value: \""
                + IDENTITY_ID
                + "\": spec.keyVault.resourceId in body should match '"
                + ResourceIdPatterns.KEY_VAULT
                + "'"),
        bad(
            "checkInterval in words",
            spec -> spec.put("checkInterval", "5 minutes"),
            "spec.checkInterval: Invalid value: \"5 minutes\": spec.checkInterval in body should"
                + " match '"
                + RegistryEncryptionPolicySpec.DURATION_PATTERN
                + "'"),
        bad(
            "checkInterval in days, a unit Go durations lack",
            spec -> spec.put("checkInterval", "1d"),
            "spec.checkInterval: Invalid value: \"1d\": spec.checkInterval in body should match '"
                + RegistryEncryptionPolicySpec.DURATION_PATTERN
                + "'"),
        bad(
            "checkInterval of 10s",
            spec -> spec.put("checkInterval", "10s"),
            "spec.checkInterval: Invalid value: \"string\": checkInterval must be at least 30s"),
        bad(
            "checkInterval of 25h",
            spec -> spec.put("checkInterval", "25h"),
            "spec.checkInterval: Invalid value: \"string\": checkInterval must be at most 24h"),
        bad(
            "keyExpiryWarning of 30m",
            spec -> spec.put("keyExpiryWarning", "30m"),
            "spec.keyExpiryWarning: Invalid value: \"string\": keyExpiryWarning must be at least"
                + " 1h"),
        bad(
            "keyExpiryWarning over a year",
            spec -> spec.put("keyExpiryWarning", "9000h"),
            "spec.keyExpiryWarning: Invalid value: \"string\": keyExpiryWarning must be at most"
                + " 8760h (365 days)"),
        bad(
            "keyExpiryWarning shorter than checkInterval",
            spec -> spec.put("checkInterval", "12h").put("keyExpiryWarning", "6h"),
            "spec: Invalid value: \"object\": keyExpiryWarning must not be shorter than"
                + " checkInterval, or a key could expire between two checks without a warning"),
        bad(
            "checkInterval longer than its size limit",
            spec -> spec.put("checkInterval", "1".repeat(32) + "s"),
            "spec.checkInterval: Too long: may not be more than 32 bytes",
            CrdSchemaValidator.CEL_SKIPPED),
        bad(
            "unknown healing mode",
            spec -> healing(spec).put("mode", "Sometimes"),
            "spec.healing.mode: Unsupported value: \"Sometimes\": supported values: \"Disabled\","
                + " \"DryRun\", \"Enabled\"",
            CrdSchemaValidator.CEL_SKIPPED),
        bad(
            "unknown healing action",
            spec -> {
              healing(spec).put("mode", "DryRun");
              actions(spec).add("ReassignIdentity").add("RestartRegistry");
            },
            "spec.healing.actions[1]: Unsupported value: \"RestartRegistry\": " + ACTIONS,
            CrdSchemaValidator.CEL_SKIPPED),
        bad(
            "healing action listed twice",
            spec -> actions(spec).add("ReassignIdentity").add("ReassignIdentity"),
            "spec.healing.actions[1]: Duplicate value: \"ReassignIdentity\""),
        bad(
            "DryRun without actions",
            spec -> healing(spec).put("mode", "DryRun"),
            "spec.healing: Invalid value: \"object\": actions must list at least one action when"
                + " mode is DryRun or Enabled"),
        bad(
            "missing key",
            spec -> spec.remove("key"),
            "spec.key: Required value",
            CrdSchemaValidator.CEL_SKIPPED),
        bad(
            "missing key name",
            spec -> ((ObjectNode) spec.get("key")).remove("name"),
            "spec.key.name: Required value",
            CrdSchemaValidator.CEL_SKIPPED),
        bad(
            "key name with an underscore",
            spec -> set(spec, "key", "name", "acr_cmk_key"),
            "spec.key.name: Invalid value: \"acr_cmk_key\": spec.key.name in body should match '"
                + ResourceIdPatterns.KEY_NAME
                + "'"),
        bad(
            "key version that is not 32 hexadecimal characters",
            spec -> set(spec, "key", "version", "3f2a5c7e9b1d4f6a"),
            "spec.key.version: Invalid value: \"3f2a5c7e9b1d4f6a\": spec.key.version in body"
                + " should match '"
                + ResourceIdPatterns.KEY_VERSION
                + "'"),
        bad(
            "suspend written as a string",
            spec -> spec.put("suspend", "yes"),
            "spec.suspend: Invalid value: \"string\": spec.suspend in body must be of type"
                + " boolean: \"string\"",
            CrdSchemaValidator.CEL_SKIPPED),
        bad(
            "misspelt field",
            spec -> {
              ObjectNode registry = (ObjectNode) spec.get("registry");
              registry.set("resourceID", registry.remove("resourceId"));
            },
            "unknown field \"spec.registry.resourceID\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPolicies")
  void rejectsBadPolicy(String name, Consumer<ObjectNode> change, List<String> expected)
      throws IOException {
    ObjectNode policy = userAssignedExample();
    change.accept((ObjectNode) policy.get("spec"));

    assertThat(VALIDATOR.validate(policy)).containsExactlyElementsOf(expected);
  }

  private static Arguments bad(String name, Consumer<ObjectNode> change, String... expected) {
    return Arguments.of(name, change, List.of(expected));
  }

  private static ObjectNode userAssignedExample() throws IOException {
    JsonNode example =
        YAML.readTree(
            Files.readString(
                TestPaths.repoRoot().resolve("deploy/examples/user-assigned-identity.yaml")));
    return (ObjectNode) example;
  }

  private static void set(ObjectNode spec, String object, String field, String value) {
    ((ObjectNode) spec.get(object)).set(field, TextNode.valueOf(value));
  }

  private static ObjectNode healing(ObjectNode spec) {
    if (!spec.has("healing")) {
      spec.set("healing", JsonNodeFactory.instance.objectNode());
    }
    return (ObjectNode) spec.get("healing");
  }

  private static ArrayNode actions(ObjectNode spec) {
    ObjectNode healing = healing(spec);
    if (!healing.has("actions")) {
      healing.set("actions", JsonNodeFactory.instance.arrayNode());
    }
    return (ArrayNode) healing.get("actions");
  }
}
