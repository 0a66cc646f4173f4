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

  private static final String GUID = "7a3c9f2e-1b4d-4e8a-9c6f-2d5e8b1a4c70";
  private static final String SUBSCRIPTION =
      "/subscriptions/" + GUID + "/resourceGroups/rg-acr-cmk";
  private static final String REGISTRIES = "/providers/Microsoft.ContainerRegistry/registries/";
  private static final String VAULTS = "/providers/Microsoft.KeyVault/vaults/";
  private static final String REGISTRY_ID = SUBSCRIPTION + REGISTRIES + "contosoprodacr";
  private static final String VAULT_ID = SUBSCRIPTION + VAULTS + "contoso-cmk-kv";
  private static final String IDENTITY_ID =
      SUBSCRIPTION + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/acr-cmk-identity";
  private static final String VAULT_NAME_FORM =
      "spec.keyVault.resourceId: Invalid value: \"string\": the vault name must start with a"
          + " letter, end with a letter or digit, and not contain two hyphens in a row";
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
            "unknown field \"spec.registry.resourceID\""),
        // Resource IDs of the wrong shape or type.
        bad(
            "registry ID without its resource group",
            spec ->
                set(
                    spec,
                    "registry",
                    "resourceId",
                    "/subscriptions/" + GUID + REGISTRIES + "contosoprodacr"),
            shouldMatch(
                "spec.registry.resourceId",
                quote("/subscriptions/" + GUID + REGISTRIES + "contosoprodacr"),
                ResourceIdPatterns.REGISTRY)),
        bad(
            "registry ID without the leading slash",
            spec -> set(spec, "registry", "resourceId", REGISTRY_ID.substring(1)),
            shouldMatch(
                "spec.registry.resourceId",
                quote(REGISTRY_ID.substring(1)),
                ResourceIdPatterns.REGISTRY)),
        bad(
            "registry ID of another provider",
            spec ->
                set(
                    spec,
                    "registry",
                    "resourceId",
                    REGISTRY_ID.replace("ContainerRegistry", "ContainerService")),
            shouldMatch(
                "spec.registry.resourceId",
                quote(REGISTRY_ID.replace("ContainerRegistry", "ContainerService")),
                ResourceIdPatterns.REGISTRY)),
        bad(
            "registry ID in the vault field",
            spec -> set(spec, "keyVault", "resourceId", REGISTRY_ID),
            shouldMatch(
                "spec.keyVault.resourceId", quote(REGISTRY_ID), ResourceIdPatterns.KEY_VAULT)),
        bad(
            "vault ID in the identity field",
            spec -> set(spec, "identity", "resourceId", VAULT_ID),
            shouldMatch(
                "spec.identity.resourceId",
                quote(VAULT_ID),
                ResourceIdPatterns.USER_ASSIGNED_IDENTITY)),
        bad(
            "registry ID of a replication",
            spec -> set(spec, "registry", "resourceId", REGISTRY_ID + "/replications/westeurope"),
            shouldMatch(
                "spec.registry.resourceId",
                quote(REGISTRY_ID + "/replications/westeurope"),
                ResourceIdPatterns.REGISTRY)),
        bad(
            "registry ID with a trailing slash",
            spec -> set(spec, "registry", "resourceId", REGISTRY_ID + "/"),
            shouldMatch(
                "spec.registry.resourceId", quote(REGISTRY_ID + "/"), ResourceIdPatterns.REGISTRY)),
        bad(
            "vault ID with a trailing slash",
            spec -> set(spec, "keyVault", "resourceId", VAULT_ID + "/"),
            shouldMatch(
                "spec.keyVault.resourceId", quote(VAULT_ID + "/"), ResourceIdPatterns.KEY_VAULT)),
        bad(
            "registry ID that ends before the name",
            spec -> set(spec, "registry", "resourceId", SUBSCRIPTION + REGISTRIES),
            shouldMatch(
                "spec.registry.resourceId",
                quote(SUBSCRIPTION + REGISTRIES),
                ResourceIdPatterns.REGISTRY)),
        bad(
            "registry ID with a space in the name",
            spec -> set(spec, "registry", "resourceId", SUBSCRIPTION + REGISTRIES + "contoso prod"),
            shouldMatch(
                "spec.registry.resourceId",
                quote(SUBSCRIPTION + REGISTRIES + "contoso prod"),
                ResourceIdPatterns.REGISTRY)),
        bad(
            "registry ID with a trailing space",
            spec -> set(spec, "registry", "resourceId", REGISTRY_ID + " "),
            shouldMatch(
                "spec.registry.resourceId", quote(REGISTRY_ID + " "), ResourceIdPatterns.REGISTRY)),
        // A YAML block scalar (resourceId: |) keeps the final line break.
        bad(
            "registry ID with a trailing newline",
            spec -> set(spec, "registry", "resourceId", REGISTRY_ID + "\n"),
            shouldMatch(
                "spec.registry.resourceId",
                quote(REGISTRY_ID + "\\n"),
                ResourceIdPatterns.REGISTRY)),
        bad(
            "resource group ending with a period",
            spec ->
                set(
                    spec,
                    "registry",
                    "resourceId",
                    REGISTRY_ID.replace("rg-acr-cmk", "rg-acr-cmk.")),
            shouldMatch(
                "spec.registry.resourceId",
                quote(REGISTRY_ID.replace("rg-acr-cmk", "rg-acr-cmk.")),
                ResourceIdPatterns.REGISTRY)),
        bad(
            "resource group of 91 characters",
            spec ->
                set(
                    spec,
                    "registry",
                    "resourceId",
                    REGISTRY_ID.replace("rg-acr-cmk", "r".repeat(91))),
            shouldMatch(
                "spec.registry.resourceId",
                quote(REGISTRY_ID.replace("rg-acr-cmk", "r".repeat(91))),
                ResourceIdPatterns.REGISTRY)),
        bad(
            "registry ID over the length limit",
            spec ->
                set(
                    spec,
                    "registry",
                    "resourceId",
                    SUBSCRIPTION + REGISTRIES + "a".repeat(ResourceIdPatterns.MAX_ID_LENGTH)),
            "spec.registry.resourceId: Too long: may not be more than 512 bytes",
            shouldMatch(
                "spec.registry.resourceId",
                quote(SUBSCRIPTION + REGISTRIES + "a".repeat(ResourceIdPatterns.MAX_ID_LENGTH)),
                ResourceIdPatterns.REGISTRY),
            CrdSchemaValidator.CEL_SKIPPED),
        // Subscription IDs that are not GUIDs.
        bad(
            "vault subscription GUID missing a hyphen",
            spec -> set(spec, "keyVault", "resourceId", VAULT_ID.replace("9c6f-2d5e", "9c6f2d5e")),
            shouldMatch(
                "spec.keyVault.resourceId",
                quote(VAULT_ID.replace("9c6f-2d5e", "9c6f2d5e")),
                ResourceIdPatterns.KEY_VAULT)),
        bad(
            "vault subscription GUID in braces",
            spec -> set(spec, "keyVault", "resourceId", VAULT_ID.replace(GUID, "{" + GUID + "}")),
            shouldMatch(
                "spec.keyVault.resourceId",
                quote(VAULT_ID.replace(GUID, "{" + GUID + "}")),
                ResourceIdPatterns.KEY_VAULT)),
        bad(
            "registry subscription GUID with a non-hex letter",
            spec -> set(spec, "registry", "resourceId", REGISTRY_ID.replace("7a3c", "7g3c")),
            shouldMatch(
                "spec.registry.resourceId",
                quote(REGISTRY_ID.replace("7a3c", "7g3c")),
                ResourceIdPatterns.REGISTRY)),
        bad(
            "registry subscription GUID one digit short",
            spec -> set(spec, "registry", "resourceId", REGISTRY_ID.replace("4c70", "4c7")),
            shouldMatch(
                "spec.registry.resourceId",
                quote(REGISTRY_ID.replace("4c70", "4c7")),
                ResourceIdPatterns.REGISTRY)),
        // U+FF17 FULLWIDTH DIGIT SEVEN is printable, so the message shows it as it is.
        bad(
            "vault subscription GUID with a full-width digit",
            spec -> set(spec, "keyVault", "resourceId", VAULT_ID.replace("/7a3c", "/\uff17a3c")),
            shouldMatch(
                "spec.keyVault.resourceId",
                quote(VAULT_ID.replace("/7a3c", "/７a3c")),
                ResourceIdPatterns.KEY_VAULT)),
        // Names outside Azure's naming rules.
        bad(
            "registry name of 4 characters",
            spec -> set(spec, "registry", "resourceId", SUBSCRIPTION + REGISTRIES + "cacr"),
            shouldMatch(
                "spec.registry.resourceId",
                quote(SUBSCRIPTION + REGISTRIES + "cacr"),
                ResourceIdPatterns.REGISTRY)),
        bad(
            "registry name of 51 characters",
            spec -> set(spec, "registry", "resourceId", SUBSCRIPTION + REGISTRIES + "a".repeat(51)),
            shouldMatch(
                "spec.registry.resourceId",
                quote(SUBSCRIPTION + REGISTRIES + "a".repeat(51)),
                ResourceIdPatterns.REGISTRY)),
        bad(
            "registry name with hyphens",
            spec ->
                set(spec, "registry", "resourceId", SUBSCRIPTION + REGISTRIES + "contoso-prod-acr"),
            shouldMatch(
                "spec.registry.resourceId",
                quote(SUBSCRIPTION + REGISTRIES + "contoso-prod-acr"),
                ResourceIdPatterns.REGISTRY)),
        // U+0430 CYRILLIC SMALL LETTER A looks like "a" and is printable.
        bad(
            "registry name with a Cyrillic homoglyph",
            spec ->
                set(
                    spec,
                    "registry",
                    "resourceId",
                    SUBSCRIPTION + REGISTRIES + "contosoprod\u0430cr"),
            shouldMatch(
                "spec.registry.resourceId",
                quote(SUBSCRIPTION + REGISTRIES + "contosoprodаcr"),
                ResourceIdPatterns.REGISTRY)),
        bad(
            "vault name of 2 characters",
            spec -> set(spec, "keyVault", "resourceId", SUBSCRIPTION + VAULTS + "kv"),
            shouldMatch(
                "spec.keyVault.resourceId",
                quote(SUBSCRIPTION + VAULTS + "kv"),
                ResourceIdPatterns.KEY_VAULT)),
        bad(
            "vault name of 25 characters",
            spec -> set(spec, "keyVault", "resourceId", SUBSCRIPTION + VAULTS + "k".repeat(25)),
            shouldMatch(
                "spec.keyVault.resourceId",
                quote(SUBSCRIPTION + VAULTS + "k".repeat(25)),
                ResourceIdPatterns.KEY_VAULT)),
        bad(
            "vault name starting with a digit",
            spec -> set(spec, "keyVault", "resourceId", SUBSCRIPTION + VAULTS + "1contoso-kv"),
            VAULT_NAME_FORM),
        bad(
            "vault name ending with a hyphen",
            spec -> set(spec, "keyVault", "resourceId", SUBSCRIPTION + VAULTS + "contoso-kv-"),
            VAULT_NAME_FORM),
        bad(
            "vault name with two hyphens in a row",
            spec -> set(spec, "keyVault", "resourceId", SUBSCRIPTION + VAULTS + "contoso--kv"),
            VAULT_NAME_FORM),
        bad(
            "vault ID with a no-break space",
            spec -> set(spec, "keyVault", "resourceId", SUBSCRIPTION + VAULTS + "contoso\u00a0kv"),
            shouldMatch(
                "spec.keyVault.resourceId",
                quote(SUBSCRIPTION + VAULTS + "contoso\\u00a0kv"),
                ResourceIdPatterns.KEY_VAULT)),
        bad(
            "identity name starting with an underscore",
            spec ->
                set(spec, "identity", "resourceId", IDENTITY_ID.replace("/acr-cmk-id", "/_acr-id")),
            shouldMatch(
                "spec.identity.resourceId",
                quote(IDENTITY_ID.replace("/acr-cmk-id", "/_acr-id")),
                ResourceIdPatterns.USER_ASSIGNED_IDENTITY)),
        bad(
            "empty key name",
            spec -> set(spec, "key", "name", ""),
            shouldMatch("spec.key.name", "\"\"", ResourceIdPatterns.KEY_NAME)),
        bad(
            "key name of 128 characters",
            spec -> set(spec, "key", "name", "k".repeat(128)),
            shouldMatch("spec.key.name", quote("k".repeat(128)), ResourceIdPatterns.KEY_NAME)),
        bad(
            "key name with a version path",
            spec -> set(spec, "key", "name", "acr-cmk-key/0123456789abcdef0123456789abcdef"),
            shouldMatch(
                "spec.key.name",
                quote("acr-cmk-key/0123456789abcdef0123456789abcdef"),
                ResourceIdPatterns.KEY_NAME)),
        bad(
            "key name with a full-width digit",
            spec -> set(spec, "key", "name", "acr-cmk-key\uff12"),
            shouldMatch("spec.key.name", quote("acr-cmk-key２"), ResourceIdPatterns.KEY_NAME)),
        // Control and format characters are escaped in the message, as Go's %q escapes them.
        bad(
            "key name with a right-to-left override",
            spec -> set(spec, "key", "name", "acr-cmk-\u202eyek"),
            shouldMatch("spec.key.name", quote("acr-cmk-\\u202eyek"), ResourceIdPatterns.KEY_NAME)),
        bad(
            "key name with a NUL character",
            spec -> set(spec, "key", "name", "acr-cmk-key\u0000"),
            shouldMatch("spec.key.name", quote("acr-cmk-key\\x00"), ResourceIdPatterns.KEY_NAME)),
        bad(
            "key name with a zero-width space",
            spec -> set(spec, "key", "name", "acr\u200bcmk-key"),
            shouldMatch("spec.key.name", quote("acr\\u200bcmk-key"), ResourceIdPatterns.KEY_NAME)),
        bad(
            "key name with a bell and a tab",
            spec -> set(spec, "key", "name", "acr\u0007cmk\tkey"),
            shouldMatch("spec.key.name", quote("acr\\acmk\\tkey"), ResourceIdPatterns.KEY_NAME)),
        // Durations.
        bad(
            "negative checkInterval",
            spec -> spec.put("checkInterval", "-5m"),
            shouldMatch(
                "spec.checkInterval", quote("-5m"), RegistryEncryptionPolicySpec.DURATION_PATTERN)),
        bad(
            "checkInterval without a unit",
            spec -> spec.put("checkInterval", "300"),
            shouldMatch(
                "spec.checkInterval", quote("300"), RegistryEncryptionPolicySpec.DURATION_PATTERN)),
        bad(
            "empty checkInterval",
            spec -> spec.put("checkInterval", ""),
            shouldMatch(
                "spec.checkInterval", "\"\"", RegistryEncryptionPolicySpec.DURATION_PATTERN)),
        bad(
            "checkInterval in microseconds",
            spec -> spec.put("checkInterval", "30000000us"),
            shouldMatch(
                "spec.checkInterval",
                quote("30000000us"),
                RegistryEncryptionPolicySpec.DURATION_PATTERN)),
        bad(
            "checkInterval with an upper-case unit",
            spec -> spec.put("checkInterval", "5M"),
            shouldMatch(
                "spec.checkInterval", quote("5M"), RegistryEncryptionPolicySpec.DURATION_PATTERN)),
        bad(
            "checkInterval a millisecond under 30s",
            spec -> spec.put("checkInterval", "29.999s"),
            "spec.checkInterval: Invalid value: \"string\": checkInterval must be at least 30s"),
        bad(
            "checkInterval a millisecond over 24h",
            spec -> spec.put("checkInterval", "24h1ms").put("keyExpiryWarning", "48h"),
            "spec.checkInterval: Invalid value: \"string\": checkInterval must be at most 24h"),
        bad(
            "checkInterval as a number",
            spec -> spec.put("checkInterval", 300),
            "spec.checkInterval: Invalid value: \"integer\": spec.checkInterval in body must be of"
                + " type string: \"integer\"",
            CrdSchemaValidator.CEL_SKIPPED),
        bad(
            "keyExpiryWarning in words",
            spec -> spec.put("keyExpiryWarning", "soon"),
            shouldMatch(
                "spec.keyExpiryWarning",
                quote("soon"),
                RegistryEncryptionPolicySpec.DURATION_PATTERN)),
        bad(
            "keyExpiryWarning with a space",
            spec -> spec.put("keyExpiryWarning", "720 h"),
            shouldMatch(
                "spec.keyExpiryWarning",
                quote("720 h"),
                RegistryEncryptionPolicySpec.DURATION_PATTERN)),
        // Values outside the enums.
        bad(
            "healing mode in lower case",
            spec -> healing(spec).put("mode", "enabled"),
            "spec.healing.mode: Unsupported value: \"enabled\": supported values: \"Disabled\","
                + " \"DryRun\", \"Enabled\"",
            CrdSchemaValidator.CEL_SKIPPED),
        bad(
            "healing action in lower case",
            spec -> actions(spec).add("reassignIdentity"),
            "spec.healing.actions[0]: Unsupported value: \"reassignIdentity\": " + ACTIONS,
            CrdSchemaValidator.CEL_SKIPPED),
        bad(
            "identity type None",
            spec -> {
              set(spec, "identity", "type", "None");
              ((ObjectNode) spec.get("identity")).remove("resourceId");
            },
            "spec.identity.type: Unsupported value: \"None\": supported values:"
                + " \"SystemAssigned\", \"UserAssigned\"",
            CrdSchemaValidator.CEL_SKIPPED),
        // ARM's identity.type can name both kinds; a policy names the one that encrypts.
        bad(
            "identity type naming both kinds",
            spec -> set(spec, "identity", "type", "SystemAssigned, UserAssigned"),
            "spec.identity.type: Unsupported value: \"SystemAssigned, UserAssigned\": supported"
                + " values: \"SystemAssigned\", \"UserAssigned\"",
            CrdSchemaValidator.CEL_SKIPPED),
        bad(
            "Enabled with an empty action list",
            spec -> {
              healing(spec).put("mode", "Enabled");
              actions(spec);
            },
            "spec.healing: Invalid value: \"object\": actions must list at least one action when"
                + " mode is DryRun or Enabled"),
        // Identity fields that contradict the type.
        bad(
            "UserAssigned identity with an empty resourceId",
            spec -> set(spec, "identity", "resourceId", ""),
            shouldMatch(
                "spec.identity.resourceId", "\"\"", ResourceIdPatterns.USER_ASSIGNED_IDENTITY)),
        // The API server drops a null field that is not nullable before it validates.
        bad(
            "UserAssigned identity with a null resourceId",
            spec -> ((ObjectNode) spec.get("identity")).putNull("resourceId"),
            "spec.identity: Invalid value: \"object\": resourceId is required when type is"
                + " UserAssigned"),
        bad(
            "SystemAssigned identity with an empty resourceId",
            spec -> {
              set(spec, "identity", "type", "SystemAssigned");
              set(spec, "identity", "resourceId", "");
            },
            "spec.identity.resourceId: Invalid value: \"\": spec.identity.resourceId in body"
                + " should match '"
                + ResourceIdPatterns.USER_ASSIGNED_IDENTITY
                + "'",
            "spec.identity: Invalid value: \"object\": resourceId must not be set when type is"
                + " SystemAssigned"),
        bad(
            "identity without a type",
            spec -> ((ObjectNode) spec.get("identity")).remove("type"),
            "spec.identity.type: Required value",
            CrdSchemaValidator.CEL_SKIPPED),
        // kubectl apply validates fields strictly by default. With --validate=false, or
        // fieldValidation=Ignore, the API server drops an unknown field without a word and keeps
        // the rest of the policy.
        bad(
            "unknown field in spec",
            spec -> spec.put("healMode", "Enabled"),
            "unknown field \"spec.healMode\""),
        // Values of the wrong JSON type.
        bad(
            "key name as a number",
            spec -> ((ObjectNode) spec.get("key")).put("name", 1234),
            "spec.key.name: Invalid value: \"integer\": spec.key.name in body must be of type"
                + " string: \"integer\"",
            CrdSchemaValidator.CEL_SKIPPED),
        bad(
            "registry as a string",
            spec -> spec.put("registry", REGISTRY_ID),
            "spec.registry: Invalid value: \"string\": spec.registry in body must be of type"
                + " object: \"string\"",
            CrdSchemaValidator.CEL_SKIPPED),
        bad(
            "suspend as a number",
            spec -> spec.put("suspend", 1),
            "spec.suspend: Invalid value: \"integer\": spec.suspend in body must be of type"
                + " boolean: \"integer\"",
            CrdSchemaValidator.CEL_SKIPPED),
        bad(
            "actions as a string",
            spec -> healing(spec).put("actions", "ReassignIdentity"),
            "spec.healing.actions: Invalid value: \"string\": spec.healing.actions in body must be"
                + " of type array: \"string\"",
            CrdSchemaValidator.CEL_SKIPPED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPolicies")
  void rejectsBadPolicy(String name, Consumer<ObjectNode> change, List<String> expected)
      throws IOException {
    ObjectNode policy = userAssignedExample();
    change.accept((ObjectNode) policy.get("spec"));

    assertThat(VALIDATOR.validate(policy)).containsExactlyElementsOf(expected);
  }

  /** Returns the error for a value that does not match its field's pattern. */
  private static String shouldMatch(String field, String quotedValue, String pattern) {
    return field
        + ": Invalid value: "
        + quotedValue
        + ": "
        + field
        + " in body should match '"
        + pattern
        + "'";
  }

  /** Returns {@code value} in double quotes; escapes in it must already be written out. */
  private static String quote(String value) {
    return "\"" + value + "\"";
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
