package io.acrcmk.operator.sandbox;

import static io.acrcmk.operator.sandbox.SimulatorState.Kind.REGISTRY;
import static io.acrcmk.operator.sandbox.SimulatorState.Kind.VAULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.containerregistry.fluent.RegistriesClient;
import com.azure.resourcemanager.containerregistry.fluent.models.RegistryInner;
import com.azure.resourcemanager.containerregistry.models.EncryptionProperty;
import com.azure.resourcemanager.containerregistry.models.EncryptionStatus;
import com.azure.resourcemanager.containerregistry.models.IdentityProperties;
import com.azure.resourcemanager.containerregistry.models.KeyVaultProperties;
import com.azure.resourcemanager.containerregistry.models.RegistryUpdateParameters;
import com.azure.resourcemanager.containerregistry.models.ResourceIdentityType;
import com.azure.resourcemanager.containerregistry.models.UserIdentityProperties;
import com.azure.resourcemanager.keyvault.fluent.VaultsClient;
import com.azure.resourcemanager.keyvault.fluent.models.VaultAccessPolicyParametersInner;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.resourcemanager.keyvault.models.AccessPolicyEntry;
import com.azure.resourcemanager.keyvault.models.AccessPolicyUpdateKind;
import com.azure.resourcemanager.keyvault.models.CreateMode;
import com.azure.resourcemanager.keyvault.models.KeyPermissions;
import com.azure.resourcemanager.keyvault.models.NetworkRuleAction;
import com.azure.resourcemanager.keyvault.models.NetworkRuleBypassOptions;
import com.azure.resourcemanager.keyvault.models.NetworkRuleSet;
import com.azure.resourcemanager.keyvault.models.Permissions;
import com.azure.resourcemanager.keyvault.models.Sku;
import com.azure.resourcemanager.keyvault.models.SkuFamily;
import com.azure.resourcemanager.keyvault.models.SkuName;
import com.azure.resourcemanager.keyvault.models.VaultAccessPolicyProperties;
import com.azure.resourcemanager.keyvault.models.VaultCreateOrUpdateParameters;
import com.azure.resourcemanager.keyvault.models.VaultPatchParameters;
import com.azure.resourcemanager.keyvault.models.VaultPatchProperties;
import com.azure.resourcemanager.keyvault.models.VaultProperties;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArmWriteTest {

  private static AzureSimulator simulator;
  private static CmkSetup setup;
  private static StateCheckpoint healthy;
  private static RegistriesClient registries;
  private static VaultsClient vaults;

  @BeforeAll
  static void start() {
    simulator = AzureSimulator.start();
    setup = simulator.seedHealthy();
    healthy = simulator.checkpoint();
    SdkClients clients = new SdkClients(simulator, setup.subscriptionId());
    registries = clients.registries().serviceClient().getRegistries();
    vaults = clients.vaults().serviceClient().getVaults();
  }

  @AfterEach
  void reset() {
    simulator.restore(healthy);
    simulator.clearRequests();
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  @Test
  void patchReassignsDetachedIdentity() {
    simulator.mutations().detachIdentity(setup.registryId(), setup.identityId());
    RegistryUpdateParameters reassign =
        new RegistryUpdateParameters()
            .withIdentity(
                new IdentityProperties()
                    .withType(ResourceIdentityType.USER_ASSIGNED)
                    .withUserAssignedIdentities(
                        Map.of(setup.identityId(), new UserIdentityProperties())));

    RegistryInner patched =
        registries.update(setup.resourceGroup(), setup.registryName(), reassign);

    UserIdentityProperties entry =
        patched.identity().userAssignedIdentities().values().iterator().next();
    assertThat(entry.principalId()).isEqualTo(setup.principalId());
    assertThat(entry.clientId()).isEqualTo(setup.clientId());
    assertThat(
            simulator.state().require(REGISTRY, setup.registryId()).at("/identity/type").asText())
        .isEqualTo("userAssigned");
    RecordedRequest patch = simulator.requestLog().forOperation("registries.update").get(0);
    assertThat(patch.method()).isEqualTo("PATCH");
    assertThat(patch.body()).contains(setup.identityId());
  }

  @Test
  void patchToVersionlessKeyFollowsNewVersion() {
    String rotated = simulator.mutations().keys().rotate(setup.vaultName(), setup.keyName());
    RegistryUpdateParameters rotate =
        new RegistryUpdateParameters()
            .withEncryption(
                new EncryptionProperty()
                    .withStatus(EncryptionStatus.ENABLED)
                    .withKeyVaultProperties(
                        new KeyVaultProperties()
                            .withKeyIdentifier(setup.vaultUri() + "keys/" + setup.keyName())
                            .withIdentity(setup.clientId())));

    RegistryInner patched = registries.update(setup.resourceGroup(), setup.registryName(), rotate);

    KeyVaultProperties properties = patched.encryption().keyVaultProperties();
    assertThat(properties.versionedKeyIdentifier()).endsWith("/" + rotated);
    assertThat(properties.keyRotationEnabled()).isTrue();
    assertThat(properties.lastKeyRotationTimestamp()).isNotNull();
  }

  @Test
  void patchNamingUnknownIdentityIsRejected() {
    String unknown = setup.identityId().replace("id-acr-cmk", "id-gone");
    RegistryUpdateParameters reassign =
        new RegistryUpdateParameters()
            .withIdentity(
                new IdentityProperties()
                    .withType(ResourceIdentityType.USER_ASSIGNED)
                    .withUserAssignedIdentities(Map.of(unknown, new UserIdentityProperties())));

    assertThatThrownBy(
            () -> registries.update(setup.resourceGroup(), setup.registryName(), reassign))
        .isInstanceOfSatisfying(
            ManagementException.class,
            e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(400));
  }

  @Test
  void vaultPatchMergesNetworkAcls() {
    VaultPatchParameters open =
        new VaultPatchParameters()
            .withProperties(
                new VaultPatchProperties()
                    .withNetworkAcls(
                        new NetworkRuleSet()
                            .withBypass(NetworkRuleBypassOptions.NONE)
                            .withDefaultAction(NetworkRuleAction.DENY)));

    VaultInner patched = vaults.update(setup.resourceGroup(), setup.vaultName(), open);

    assertThat(patched.properties().networkAcls().defaultAction())
        .isEqualTo(NetworkRuleAction.DENY);
    assertThat(patched.properties().accessPolicies()).hasSize(1);
    assertThat(patched.properties().enablePurgeProtection()).isTrue();
    assertThat(
            simulator
                .state()
                .require(VAULT, setup.vaultId())
                .at("/properties/networkAcls/bypass")
                .asText())
        .isEqualTo("None");
  }

  @Test
  void accessPolicyAddGrantsMissingPermissions() {
    simulator.mutations().removeAccessPolicy(setup.vaultId(), setup.principalId());
    VaultAccessPolicyParametersInner add =
        new VaultAccessPolicyParametersInner()
            .withProperties(
                new VaultAccessPolicyProperties()
                    .withAccessPolicies(
                        List.of(
                            new AccessPolicyEntry()
                                .withTenantId(UUID.fromString(simulator.tenantId()))
                                .withObjectId(setup.principalId())
                                .withPermissions(
                                    new Permissions()
                                        .withKeys(
                                            List.of(
                                                KeyPermissions.GET,
                                                KeyPermissions.WRAP_KEY,
                                                KeyPermissions.UNWRAP_KEY))))));

    vaults.updateAccessPolicy(
        setup.resourceGroup(), setup.vaultName(), AccessPolicyUpdateKind.ADD, add);

    VaultInner vault = vaults.getByResourceGroup(setup.resourceGroup(), setup.vaultName());
    assertThat(vault.properties().accessPolicies().get(0).permissions().keys())
        .containsExactly(KeyPermissions.GET, KeyPermissions.WRAP_KEY, KeyPermissions.UNWRAP_KEY);
  }

  @Test
  void putWithRecoverModeRestoresDeletedVault() {
    simulator.mutations().deleteVault(setup.vaultId());
    VaultCreateOrUpdateParameters recover =
        new VaultCreateOrUpdateParameters()
            .withLocation("westus")
            .withProperties(
                new VaultProperties()
                    .withTenantId(UUID.fromString(simulator.tenantId()))
                    .withSku(new Sku().withFamily(SkuFamily.A).withName(SkuName.STANDARD))
                    .withCreateMode(CreateMode.RECOVER));

    VaultInner recovered = vaults.createOrUpdate(setup.resourceGroup(), setup.vaultName(), recover);

    assertThat(recovered.properties().accessPolicies()).hasSize(1);
    assertThat(vaults.listDeleted().stream().count()).isZero();
  }

  @Test
  void putOverDeletedVaultConflicts() {
    simulator.mutations().deleteVault(setup.vaultId());
    VaultCreateOrUpdateParameters create =
        new VaultCreateOrUpdateParameters()
            .withLocation("westus")
            .withProperties(
                new VaultProperties()
                    .withTenantId(UUID.fromString(simulator.tenantId()))
                    .withSku(new Sku().withFamily(SkuFamily.A).withName(SkuName.STANDARD)));

    assertThatThrownBy(
            () -> vaults.createOrUpdate(setup.resourceGroup(), setup.vaultName(), create))
        .isInstanceOfSatisfying(
            ManagementException.class,
            e -> assertThat(e.getValue().getCode()).isEqualTo("ConflictError"));
  }

  @Test
  void registryPutReplacesTags() {
    RegistryInner current =
        registries.getByResourceGroup(setup.resourceGroup(), setup.registryName());
    current.withTags(Map.of("owner", "platform"));

    RegistryInner replaced =
        registries.create(setup.resourceGroup(), setup.registryName(), current);

    assertThat(replaced.tags()).containsExactly(Map.entry("owner", "platform"));
    assertThat(simulator.requestLog().count("registries.create")).isEqualTo(1);
  }
}
