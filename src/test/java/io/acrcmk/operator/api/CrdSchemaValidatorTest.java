package io.acrcmk.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Checks how the validator mirrors kube-apiserver, on the generated CRD and on small ones. */
class CrdSchemaValidatorTest {

  private static final CrdSchemaValidator VALIDATOR = CrdSchemaValidator.forGeneratedCrd();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final String MINIMAL_POLICY =
      """
      apiVersion: acrcmk.io/v1alpha1
      kind: RegistryEncryptionPolicy
      metadata:
        name: contososysacr
      spec:
        registry:
          resourceId: /subscriptions/7a3c9f2e-1b4d-4e8a-9c6f-2d5e8b1a4c70/resourceGroups/rg-acr-cmk/providers/Microsoft.ContainerRegistry/registries/contososysacr
        keyVault:
          resourceId: /subscriptions/7a3c9f2e-1b4d-4e8a-9c6f-2d5e8b1a4c70/resourceGroups/rg-acr-cmk/providers/Microsoft.KeyVault/vaults/contoso-cmk-kv
        key:
          name: acr-cmk-key
        identity:
          type: SystemAssigned
      """;

  @Test
  void minimalPolicyValidatesClean() {
    assertThat(VALIDATOR.validate(MINIMAL_POLICY)).isEmpty();
  }

  @Test
  void fillsInDefaults() throws IOException {
    JsonNode spec = VALIDATOR.withDefaults(YAML.readTree(MINIMAL_POLICY)).path("spec");

    assertThat(spec.path("checkInterval").asText()).isEqualTo("5m");
    assertThat(spec.path("keyExpiryWarning").asText()).isEqualTo("720h");
    assertThat(spec.path("suspend").isBoolean()).isTrue();
    assertThat(spec.path("suspend").asBoolean()).isFalse();
    assertThat(spec.at("/healing/mode").asText()).isEqualTo("Disabled");
    assertThat(spec.at("/healing/actions").isArray()).isTrue();
  }

  @Test
  void replacesNullWithDefault() throws IOException {
    String policy = MINIMAL_POLICY + "  checkInterval: null\n";

    assertThat(VALIDATOR.validate(policy)).isEmpty();
    assertThat(VALIDATOR.withDefaults(YAML.readTree(policy)).at("/spec/checkInterval").asText())
        .isEqualTo("5m");
  }

  @Test
  void treatsNullRequiredFieldAsMissing() {
    String policy = MINIMAL_POLICY.replace("  key:\n    name: acr-cmk-key\n", "  key: null\n");

    assertThat(VALIDATOR.validate(policy))
        .containsExactly("spec.key: Required value", CrdSchemaValidator.CEL_SKIPPED);
  }

  @Test
  void requiresSpec() {
    String policy = MINIMAL_POLICY.substring(0, MINIMAL_POLICY.indexOf("spec:"));

    assertThat(VALIDATOR.validate(policy))
        .containsExactly("spec: Required value", CrdSchemaValidator.CEL_SKIPPED);
  }

  @Test
  void reportsEveryUnknownFieldAlone() {
    String policy =
        MINIMAL_POLICY.replace("  key:\n", "  keys: {}\n  key:\n")
            + "  healing:\n    mode: Sometimes\n    action: [ReassignIdentity]\nspecs: {}\n";

    assertThat(VALIDATOR.validate(policy))
        .containsExactly(
            "unknown field \"spec.keys\"",
            "unknown field \"spec.healing.action\"",
            "unknown field \"specs\"");
  }

  @Test
  void reportsSchemaAndCelErrorsTogether() {
    String policy =
        MINIMAL_POLICY
            .replace("registries/contososysacr", "registries/acr")
            .replace("type: SystemAssigned", "type: UserAssigned");

    assertThat(VALIDATOR.validate(policy))
        .containsExactly(
            "spec.registry.resourceId: Invalid value: \"/subscriptions/7a3c9f2e-1b4d-4e8a-9c6f-"
                + "2d5e8b1a4c70/resourceGroups/rg-acr-cmk/providers/Microsoft.ContainerRegistry/"
                + "registries/acr\": spec.registry.resourceId in body should match '"
                + ResourceIdPatterns.REGISTRY
                + "'",
            "spec.identity: Invalid value: \"object\": resourceId is required when type is"
                + " UserAssigned");
  }

  @Test
  void ignoresStatusOnCreate() {
    String policy = MINIMAL_POLICY + "status:\n  conditions:\n  - type: Ready\n    status: Maybe\n";

    assertThat(VALIDATOR.validate(policy)).isEmpty();
  }

  @Test
  void validatesStatusOnStatusWrite() throws IOException {
    String policy =
        MINIMAL_POLICY
            + """
            status:
              conditions:
              - type: Ready
                status: "True"
                reason: AllChecksPassed
              - type: Ready
                status: Maybe
                reason: not a reason
            """;

    assertThat(VALIDATOR.validateStatusWrite(YAML.readTree(policy)))
        .containsExactly(
            "status.conditions[1].reason: Invalid value: \"not a reason\":"
                + " status.conditions[1].reason in body should match '"
                + ConditionSchema.REASON_PATTERN
                + "'",
            "status.conditions[1].status: Unsupported value: \"Maybe\": supported values:"
                + " \"False\", \"True\", \"Unknown\"",
            "status.conditions[1]: Duplicate value: {\"type\":\"Ready\"}",
            CrdSchemaValidator.CEL_SKIPPED);
  }

  @Test
  void ruleOptionsShapeTheMessage() throws IOException {
    CrdSchemaValidator validator =
        CrdSchemaValidator.forCrd(
            crd(
                """
                type: object
                properties:
                  spec:
                    type: object
                    x-kubernetes-validations:
                    - rule: "self.min <= self.max"
                      messageExpression: "'min ' + string(self.min) + ' exceeds max'"
                    - rule: "!has(self.legacy)"
                      reason: FieldValueForbidden
                      fieldPath: .legacy
                      message: legacy is no longer supported
                    - rule: "self.max < 100"
                    properties:
                      min: {type: integer}
                      max: {type: integer}
                      legacy: {type: string}
                """));

    assertThat(validator.validate("spec: {min: 500, max: 100, legacy: x}"))
        .containsExactly(
            "spec: Invalid value: \"object\": min 500 exceeds max",
            "spec.legacy: Forbidden: legacy is no longer supported",
            "spec: Invalid value: \"object\": failed rule: self.max < 100");
  }

  @Test
  void reportsRuleThatFailsAtRuntime() throws IOException {
    CrdSchemaValidator validator =
        CrdSchemaValidator.forCrd(
            crd(
                """
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      timeout:
                        type: string
                        x-kubernetes-validations:
                        - rule: "duration(self) > duration('1s')"
                          message: timeout must be longer than 1s
                """));

    assertThat(validator.validate("spec: {timeout: soon}"))
        .singleElement()
        .asString()
        .startsWith("spec.timeout: Invalid value: \"string\": ")
        .endsWith(" evaluating rule: timeout must be longer than 1s");
  }

  @Test
  void skipsTransitionRulesOnCreate() throws IOException {
    CrdSchemaValidator validator =
        CrdSchemaValidator.forCrd(
            crd(
                """
                type: object
                properties:
                  spec:
                    type: object
                    x-kubernetes-validations:
                    - rule: "self.name == oldSelf.name"
                      message: name is immutable
                    properties:
                      name: {type: string}
                """));

    assertThat(validator.validate("spec: {name: a}")).isEmpty();
  }

  @Test
  void raisesOnRuleOutsideStandardLibrary() throws IOException {
    CrdSchemaValidator validator =
        CrdSchemaValidator.forCrd(
            crd(
                """
                type: object
                properties:
                  spec:
                    type: object
                    x-kubernetes-validations:
                    - rule: "isURL(self.endpoint)"
                    properties:
                      endpoint: {type: string}
                """));

    assertThatIllegalStateException()
        .isThrownBy(() -> validator.validate("spec: {endpoint: 'https://example.test'}"))
        .withMessageContaining("isURL(self.endpoint)");
  }

  @Test
  void committedCrdValidatesLikeGenerated() throws IOException {
    JsonNode committed = YAML.readTree(Files.readString(CrdFiles.committed(TestPaths.repoRoot())));

    assertThat(CrdSchemaValidator.forCrd(committed).validate(MINIMAL_POLICY)).isEmpty();
  }

  private static JsonNode crd(String openApiV3Schema) throws IOException {
    String indented = openApiV3Schema.indent(8);
    return YAML.readTree(
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.test
        spec:
          versions:
          - name: v1
            schema:
              openAPIV3Schema:
        """
            + indented);
  }
}
