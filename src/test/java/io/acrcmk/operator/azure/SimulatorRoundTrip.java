package io.acrcmk.operator.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.azure.snapshot.DeletedKeyState;
import io.acrcmk.operator.azure.snapshot.DeletedVaultState;
import io.acrcmk.operator.azure.snapshot.IdentityState;
import io.acrcmk.operator.azure.snapshot.KeyState;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import io.acrcmk.operator.azure.snapshot.RoleAssignmentState;
import io.acrcmk.operator.azure.snapshot.VaultState;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.SimulatorState;
import io.acrcmk.operator.sandbox.StateCheckpoint;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Loads a payload into the simulator's state, lets the simulator serve it over HTTPS and reads it
 * back through the loader, so the simulator's model can be compared with the real payload.
 */
final class SimulatorRoundTrip {

  /** The subscription of the helper resources a read needs beside the imported one. */
  private static final String HELPER_SUBSCRIPTION = "5d2c8f4a-7b1e-4c3d-9a6f-2e8b0c4d6f10";

  private final AzureSimulator simulator;
  private final StateCheckpoint empty;
  private final AzureSnapshotLoader loader;

  SimulatorRoundTrip(AzureSimulator simulator) {
    this.simulator = simulator;
    this.empty = simulator.checkpoint();
    this.loader =
        LoaderFixture.loader(simulator, Duration.ofSeconds(5), LoaderFixture.FAST_RETRIES);
  }

  RegistryState registry(String json, JsonNode body) {
    importOnly(json);
    ResourceId registry = ResourceId.parse(body.path("id").asText(), ResourceId.REGISTRY_TYPE);
    return found(load(registry, helperVault("absent-vault"), "key", null).registry());
  }

  IdentityState identity(String json, JsonNode body) {
    importOnly(json);
    ResourceId identity = ResourceId.parse(body.path("id").asText(), ResourceId.IDENTITY_TYPE);
    return found(load(helperRegistry(), helperVault("absent-vault"), "key", identity).identity());
  }

  VaultState vault(String json, JsonNode body) {
    importOnly(json);
    ResourceId vault = ResourceId.parse(body.path("id").asText(), ResourceId.VAULT_TYPE);
    return found(load(helperRegistry(), vault, "key", null).vault());
  }

  DeletedVaultState deletedVault(String json, JsonNode item) {
    importOnly(json);
    ResourceId vault =
        ResourceId.parse(item.path("properties").path("vaultId").asText(), ResourceId.VAULT_TYPE);
    return found(load(helperRegistry(), vault, "key", null).deletedVault());
  }

  KeyState key(String json, JsonNode body) {
    reset();
    ResourceId vault = vaultOfKey(body.path("id").asText());
    createVault(vault, false);
    simulator.importArm(json);
    return found(load(helperRegistry(), vault, keyNameOf(body.path("id").asText()), null).key());
  }

  List<KeyState> keyVersions(String json, JsonNode body) {
    String versionId = body.get("value").get(0).path("id").asText();
    reset();
    ResourceId vault = vaultOfKey(versionId);
    createVault(vault, false);
    simulator.importArm(json);
    return found(load(helperRegistry(), vault, keyNameOf(versionId), null).keyVersions());
  }

  /**
   * Reads the role assignments of the first item's principal at the scope of an RBAC vault in the
   * same subscription, through a user-assigned identity with that principal.
   */
  List<RoleAssignmentState> roleAssignments(String json, JsonNode body) {
    JsonNode first = body.get("value").get(0).path("properties");
    String scope = first.path("scope").asText();
    String subscription = scope.split("/")[2];
    reset();
    simulator.importArm(json);
    ResourceId vault = vaultIn(subscription, "kv-fidelity-rbac");
    createVault(vault, true);
    ObjectNode identity =
        simulator.resources().createIdentity(subscription, "fidelity", "id-fidelity");
    String identityId = identity.path("id").asText();
    simulator
        .state()
        .update(
            SimulatorState.Kind.IDENTITY,
            identityId,
            document ->
                ((ObjectNode) document.get("properties"))
                    .put("principalId", first.path("principalId").asText()));
    ResourceId identityResource = ResourceId.parse(identityId, ResourceId.IDENTITY_TYPE);
    return found(load(helperRegistry(), vault, "key", identityResource).roleAssignments());
  }

  DeletedKeyState deletedKey(String json, String vaultName, String keyName) {
    reset();
    ResourceId vault = vaultIn(HELPER_SUBSCRIPTION, vaultName);
    createVault(vault, false);
    simulator.importArm(json);
    return found(load(helperRegistry(), vault, keyName, null).deletedKey());
  }

  /** Returns the outcome of reading a deleted key that the vault never had. */
  Observed<DeletedKeyState> missingDeletedKey(String keyName) {
    reset();
    ResourceId vault = vaultIn(HELPER_SUBSCRIPTION, "kv-fidelity-empty");
    createVault(vault, false);
    return load(helperRegistry(), vault, keyName, null).deletedKey();
  }

  private void importOnly(String json) {
    reset();
    simulator.importArm(json);
  }

  private void reset() {
    simulator.restore(empty);
    simulator.faults().clear();
  }

  private AzureSnapshot load(
      ResourceId registry, ResourceId vault, String keyName, ResourceId identity) {
    PolicyTarget target =
        new PolicyTarget(
            registry,
            vault,
            keyName,
            null,
            identity == null ? IdentityType.SystemAssigned : IdentityType.UserAssigned,
            identity);
    return loader.load(target);
  }

  private void createVault(ResourceId vault, boolean rbac) {
    simulator
        .resources()
        .createVault(vault.subscriptionId(), vault.resourceGroup(), vault.name(), rbac);
  }

  private static ResourceId helperRegistry() {
    return ResourceId.parse(
        "/subscriptions/"
            + HELPER_SUBSCRIPTION
            + "/resourceGroups/fidelity/providers/Microsoft.ContainerRegistry/registries/absent",
        ResourceId.REGISTRY_TYPE);
  }

  private static ResourceId helperVault(String name) {
    return vaultIn(HELPER_SUBSCRIPTION, name);
  }

  private static ResourceId vaultIn(String subscription, String name) {
    return ResourceId.parse(
        "/subscriptions/"
            + subscription
            + "/resourceGroups/fidelity/providers/Microsoft.KeyVault/vaults/"
            + name,
        ResourceId.VAULT_TYPE);
  }

  /** Returns the vault of an ARM key or key version ID. */
  private static ResourceId vaultOfKey(String keyId) {
    String vaultId = keyId.substring(0, keyId.toLowerCase(Locale.ROOT).indexOf("/keys/"));
    return ResourceId.parse(vaultId, ResourceId.VAULT_TYPE);
  }

  private static String keyNameOf(String keyId) {
    String rest =
        keyId.substring(keyId.toLowerCase(Locale.ROOT).indexOf("/keys/") + "/keys/".length());
    return rest.split("/")[0];
  }

  private static <T> T found(Observed<T> outcome) {
    assertThat(outcome).as("the read through the simulator").isInstanceOf(Observed.Found.class);
    return outcome.valueOrNull();
  }
}
