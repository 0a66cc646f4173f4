package io.acrcmk.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.acrcmk.operator.api.CrdSchemaValidator;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.controller.OperatorSettings;
import io.acrcmk.operator.controller.PolicyOperator;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.Fault;
import io.acrcmk.operator.sandbox.FaultRule;
import io.acrcmk.operator.sandbox.HealthySetup;
import io.acrcmk.operator.sandbox.SimulatorOptions;
import io.acrcmk.operator.sandbox.SimulatorState;
import io.acrcmk.operator.sandbox.StateCheckpoint;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the discover command in-process against the Azure simulator. */
class DiscoverCommandTest {

  private static final String SUBSCRIPTION = "9b1f3c5e-2d4a-4e6b-8c7d-0a1b2c3d4e5f";
  private static final String OTHER_SUBSCRIPTION = "3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a9f";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static AzureSimulator azure;
  private static CmkSetup userAssigned;
  private static CmkSetup systemAssigned;
  private static CmkSetup pinned;
  private static CmkSetup otherGroup;
  private static StateCheckpoint fleet;

  @BeforeAll
  static void seedFleet() {
    azure = AzureSimulator.start(SimulatorOptions.defaults().enforceRateLimits(false));
    userAssigned = HealthySetup.builder().seed(azure);
    systemAssigned =
        HealthySetup.builder()
            .registryName("acrcmksystem")
            .vaultName("kv-acr-cmk-system")
            .systemAssignedIdentity()
            .rbacVault()
            .seed(azure);
    pinned =
        HealthySetup.builder()
            .registryName("acrcmkpinned")
            .vaultName("kv-acr-cmk-pinned")
            .identityName("id-acr-cmk-pinned")
            .pinnedKeyVersion()
            .seed(azure);
    otherGroup =
        HealthySetup.builder()
            .resourceGroup("rg-other")
            .registryName("acrcmkother")
            .vaultName("kv-acr-cmk-other")
            .identityName("id-acr-cmk-other")
            .seed(azure);
    azure.importArm(plainRegistry("acrplainpremium", "Premium"));
    azure.importArm(plainRegistry("acrbasic", "Basic"));
    fleet = azure.checkpoint();
  }

  @AfterAll
  static void stopAzure() {
    azure.close();
  }

  @BeforeEach
  void restoreFleet() {
    azure.restore(fleet);
  }

  @AfterEach
  void clearFaults() {
    azure.faults().clear();
  }

  @Test
  void discoveredPoliciesValidateAndReconcileToReady() throws Exception {
    CliRun run = discover("--subscription", SUBSCRIPTION, "--namespace", "platform");

    assertThat(run.exitCode()).isEqualTo(0);
    List<JsonNode> policies = documents(run.out());
    assertThat(policies)
        .extracting(policy -> policy.at("/metadata/name").asText())
        .containsExactly("acrcmkdemo", "acrcmkother", "acrcmkpinned", "acrcmksystem");
    CrdSchemaValidator validator = CrdSchemaValidator.forGeneratedCrd();
    for (JsonNode policy : policies) {
      assertThat(validator.validate(policy)).as(policy.toString()).isEmpty();
      assertThat(policy.at("/metadata/namespace").asText()).isEqualTo("platform");
    }
    assertThat(run.out()).contains("# Discovered from registry " + userAssigned.registryId());
    assertThat(run.err())
        .isEqualTo(
            "Not emitted: 2 registries without a customer-managed key: acrbasic (Basic;"
                + " customer-managed keys need Premium), acrplainpremium (Premium, encryption"
                + " disabled).\n");

    try (EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start();
        PolicyOperator operator =
            PolicyOperator.create(
                kubernetes.client(),
                new AzureSnapshotLoader(azure.connection()),
                OperatorSettings.defaults().withCheckIntervalOverride(Duration.ofSeconds(1)),
                null,
                Clock.systemUTC())) {
      for (JsonNode policy : policies) {
        kubernetes
            .client()
            .resource(JSON.treeToValue(policy, RegistryEncryptionPolicy.class))
            .create();
      }
      operator.start();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          readyStatuses(
                              kubernetes
                                  .client()
                                  .resources(RegistryEncryptionPolicy.class)
                                  .inNamespace("platform")
                                  .list()
                                  .getItems()))
                      .containsExactly("True", "True", "True", "True"));
    }
  }

  @Test
  void declaresTheRegistrysCurrentKeyAndIdentity() throws Exception {
    CliRun run = discover("--subscription", SUBSCRIPTION);

    List<JsonNode> policies = documents(run.out());
    JsonNode user = policies.get(0);
    assertThat(user.has("metadata") && !user.at("/metadata").has("namespace")).isTrue();
    assertThat(user.at("/spec/registry/resourceId").asText()).isEqualTo(userAssigned.registryId());
    assertThat(user.at("/spec/keyVault/resourceId").asText()).isEqualTo(userAssigned.vaultId());
    assertThat(user.at("/spec/key/name").asText()).isEqualTo(userAssigned.keyName());
    assertThat(user.at("/spec/key").has("version")).isFalse();
    assertThat(user.at("/spec/identity/type").asText()).isEqualTo("UserAssigned");
    assertThat(user.at("/spec/identity/resourceId").asText())
        .isEqualToIgnoringCase(userAssigned.identityId());
    JsonNode pinnedPolicy = policies.get(2);
    assertThat(pinnedPolicy.at("/spec/key/version").asText()).isEqualTo(pinned.currentKeyVersion());
    assertThat(run.out()).contains("version: \"" + pinned.currentKeyVersion() + "\"");
    JsonNode system = policies.get(3);
    assertThat(system.at("/spec/identity/type").asText()).isEqualTo("SystemAssigned");
    assertThat(system.at("/spec/identity").has("resourceId")).isFalse();
  }

  @Test
  void resourceGroupLimitsTheScope() throws Exception {
    CliRun run = discover("--subscription", SUBSCRIPTION, "--resource-group", "rg-other");

    assertThat(documents(run.out()))
        .extracting(policy -> policy.at("/metadata/name").asText())
        .containsExactly("acrcmkother");
    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isEqualTo(0);
  }

  @Test
  void jsonOutputIsAKubernetesList() throws Exception {
    CliRun run = discover("--subscription", SUBSCRIPTION, "-o", "json");

    JsonNode list = JSON.readTree(run.out());
    assertThat(list.path("kind").asText()).isEqualTo("List");
    assertThat(list.path("items")).hasSize(4);
    assertThat(run.exitCode()).isEqualTo(0);
  }

  @Test
  void detachedIdentityIsReportedNotEmitted() throws Exception {
    azure.mutations().detachIdentity(userAssigned.registryId(), userAssigned.identityId());

    CliRun run = discover("--subscription", SUBSCRIPTION);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(documents(run.out()))
        .extracting(policy -> policy.at("/metadata/name").asText())
        .doesNotContain("acrcmkdemo");
    assertThat(run.err())
        .contains("Not emitted: registry " + userAssigned.registryId())
        .contains("client ID " + userAssigned.clientId())
        .contains("CMK_ERROR");
  }

  @Test
  void vaultInAnotherSubscriptionNeedsVaultSubscription() throws Exception {
    CmkSetup elsewhere =
        HealthySetup.builder()
            .subscriptionId(OTHER_SUBSCRIPTION)
            .registryName("acrcmkelsewhere")
            .vaultName("kv-acr-cmk-elsewhere")
            .identityName("id-acr-cmk-elsewhere")
            .seed(azure);
    moveRegistry(elsewhere.registryId(), SUBSCRIPTION);

    CliRun without = discover("--subscription", SUBSCRIPTION);
    CliRun with =
        discover("--subscription", SUBSCRIPTION, "--vault-subscription", OTHER_SUBSCRIPTION);

    assertThat(without.exitCode()).isEqualTo(1);
    assertThat(without.err())
        .contains("acrcmkelsewhere")
        .contains("--vault-subscription")
        .contains(elsewhere.vaultUri().replaceAll("/$", ""));
    assertThat(with.exitCode()).isEqualTo(0);
    JsonNode moved =
        documents(with.out()).stream()
            .filter(policy -> policy.at("/metadata/name").asText().equals("acrcmkelsewhere"))
            .findFirst()
            .orElseThrow();
    assertThat(moved.at("/spec/keyVault/resourceId").asText()).isEqualTo(elsewhere.vaultId());
  }

  @Test
  void discoveredPoliciesPassCheck() {
    CliRun discovered = discover("--subscription", SUBSCRIPTION);

    CliRun checked =
        CliRun.of(
            new CheckCommand(azure.connection(), stdin(discovered.out()), Clock.systemUTC()),
            "-f",
            "-");

    assertThat(checked.err()).isEmpty();
    assertThat(checked.exitCode()).isEqualTo(0);
    assertThat(checked.out().lines().count()).isEqualTo(5);
  }

  @Test
  void unreadableAzureExitsTwo() {
    azure
        .faults()
        .inject(FaultRule.forRequest("GET", "/subscriptions/.*", Fault.authorizationFailed()));

    CliRun run = discover("--subscription", SUBSCRIPTION);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("error: Azure could not be read: registries.list failed");
  }

  @Test
  void invalidOptionsExitTwo() {
    CliRun run = discover("--subscription", "prod", "--namespace", "Not_Valid");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--subscription 'prod' is not a subscription ID")
        .contains("--namespace 'Not_Valid' is not a valid namespace name");
  }

  @Test
  void emptySubscriptionSaysSo() {
    CliRun run = discover("--subscription", OTHER_SUBSCRIPTION);

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("No registry with a customer-managed key in subscription");
  }

  @Test
  void progressCountsAPageOfRegistries() {
    CliRun run = discover("--subscription", SUBSCRIPTION, "--progress");

    assertThat(run.err()).contains("\rlisting registries 6");
    assertThat(run.exitCode()).isEqualTo(0);
  }

  private static List<String> readyStatuses(List<RegistryEncryptionPolicy> policies) {
    List<String> statuses = new ArrayList<>();
    for (RegistryEncryptionPolicy policy : policies) {
      String ready = "none";
      if (policy.getStatus() != null) {
        for (Condition condition : policy.getStatus().getConditions()) {
          if ("Ready".equals(condition.getType())) {
            ready = condition.getStatus();
          }
        }
      }
      statuses.add(ready);
    }
    return statuses;
  }

  private static List<JsonNode> documents(String yaml) throws Exception {
    List<JsonNode> documents = new ArrayList<>();
    for (ManifestDocuments.Document document : ManifestDocuments.parse(yaml, false)) {
      if (document.content() != null) {
        documents.add(document.content());
      }
    }
    return documents;
  }

  /** Moves a registry into another subscription, leaving its vault and identity behind. */
  private static void moveRegistry(String registryId, String subscription) {
    var registry = azure.state().require(SimulatorState.Kind.REGISTRY, registryId);
    azure.state().remove(SimulatorState.Kind.REGISTRY, registryId);
    registry.put(
        "id",
        registryId.replaceFirst("/subscriptions/[^/]+/", "/subscriptions/" + subscription + "/"));
    azure.state().put(SimulatorState.Kind.REGISTRY, registry);
  }

  private static String plainRegistry(String name, String sku) {
    return """
    {"id": "/subscriptions/%s/resourceGroups/rg-acr-cmk/providers/Microsoft.ContainerRegistry/registries/%s",
     "name": "%s", "type": "Microsoft.ContainerRegistry/registries", "location": "westus",
     "sku": {"name": "%s", "tier": "%s"},
     "properties": {"loginServer": "%s.azurecr.io", "provisioningState": "Succeeded",
       "encryption": {"status": "disabled"}}}
    """
        .formatted(SUBSCRIPTION, name, name, sku, sku, name);
  }

  private static CliRun discover(String... args) {
    return CliRun.of(new DiscoverCommand(azure.connection()), args);
  }

  private static InputStream stdin(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
