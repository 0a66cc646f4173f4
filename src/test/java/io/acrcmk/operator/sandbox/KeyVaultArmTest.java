package io.acrcmk.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.keyvault.fluent.KeysClient;
import com.azure.resourcemanager.keyvault.fluent.VaultsClient;
import com.azure.resourcemanager.keyvault.fluent.models.DeletedVaultInner;
import com.azure.resourcemanager.keyvault.fluent.models.KeyInner;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.resourcemanager.keyvault.models.KeyPermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KeyVaultArmTest {

  private static AzureSimulator simulator;
  private static CmkSetup setup;
  private static StateCheckpoint healthy;
  private static VaultsClient vaults;
  private static KeysClient keys;

  @BeforeAll
  static void start() {
    simulator = AzureSimulator.start();
    setup = simulator.seedHealthy();
    healthy = simulator.checkpoint();
    SdkClients clients = new SdkClients(simulator, setup.subscriptionId());
    vaults = clients.vaults().serviceClient().getVaults();
    keys = clients.vaults().serviceClient().getKeys();
  }

  @AfterEach
  void reset() {
    simulator.restore(healthy);
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  @Test
  void vaultGetReturnsProtectionFirewallAndPolicy() {
    VaultInner vault = vaults.getByResourceGroup(setup.resourceGroup(), setup.vaultName());

    assertThat(vault.properties().vaultUri()).isEqualTo(setup.vaultUri());
    assertThat(vault.properties().enableSoftDelete()).isTrue();
    assertThat(vault.properties().enablePurgeProtection()).isTrue();
    assertThat(vault.properties().networkAcls().bypass().toString()).isEqualTo("AzureServices");
    assertThat(vault.properties().accessPolicies()).hasSize(1);
    assertThat(vault.properties().accessPolicies().get(0).objectId())
        .isEqualTo(setup.principalId());
    assertThat(vault.properties().accessPolicies().get(0).permissions().keys())
        .containsExactlyInAnyOrder(
            KeyPermissions.GET, KeyPermissions.WRAP_KEY, KeyPermissions.UNWRAP_KEY);
  }

  @Test
  void armKeyGetReturnsCurrentVersionMetadata() {
    KeyInner key = keys.get(setup.resourceGroup(), setup.vaultName(), setup.keyName());

    assertThat(key.kty().toString()).isEqualTo("RSA");
    assertThat(key.keySize()).isEqualTo(2048);
    assertThat(key.keyUriWithVersion()).endsWith("/" + setup.currentKeyVersion());
    assertThat(key.attributes().enabled()).isTrue();
    assertThat(key.attributes().recoveryLevel().toString()).isEqualTo("Recoverable");
  }

  @Test
  void armKeyVersionsListEveryVersion() {
    List<String> versions =
        keys.listVersions(setup.resourceGroup(), setup.vaultName(), setup.keyName()).stream()
            .map(KeyInner::name)
            .toList();
    KeyInner first =
        keys.getVersion(
            setup.resourceGroup(), setup.vaultName(), setup.keyName(), setup.keyVersions().get(0));

    assertThat(versions).containsExactlyElementsOf(setup.keyVersions());
    assertThat(first.keyUriWithVersion()).endsWith("/" + setup.keyVersions().get(0));
  }

  @Test
  void vaultSettingFaultsAreServed() {
    simulator.mutations().setPurgeProtection(setup.vaultId(), false);
    simulator.mutations().setPublicNetworkAccess(setup.vaultId(), "Disabled");
    simulator.mutations().setPrivateEndpointConnection(setup.vaultId(), "Pending");

    VaultInner vault = vaults.getByResourceGroup(setup.resourceGroup(), setup.vaultName());

    assertThat(vault.properties().enablePurgeProtection()).isFalse();
    assertThat(vault.properties().publicNetworkAccess()).isEqualTo("Disabled");
    assertThat(
            vault
                .properties()
                .privateEndpointConnections()
                .get(0)
                .privateLinkServiceConnectionState()
                .status()
                .toString())
        .isEqualTo("Pending");
  }

  @Test
  void missingVaultIsNotFound() {
    assertThatThrownBy(() -> vaults.getByResourceGroup(setup.resourceGroup(), "kv-missing"))
        .isInstanceOfSatisfying(
            ManagementException.class,
            e -> {
              assertThat(e.getResponse().getStatusCode()).isEqualTo(404);
              assertThat(e.getValue().getCode()).isEqualTo("ResourceNotFound");
            });
  }

  @Test
  void deletedVaultIsListedAndRecoverable() {
    simulator.mutations().deleteVault(setup.vaultId());

    List<DeletedVaultInner> deleted = vaults.listDeleted().stream().toList();
    DeletedVaultInner one = vaults.getDeleted(setup.vaultName(), "westus");

    assertThat(deleted).extracting(DeletedVaultInner::name).containsExactly(setup.vaultName());
    assertThat(one.properties().vaultId()).isEqualTo(setup.vaultId());
    assertThat(one.properties().purgeProtectionEnabled()).isTrue();
    assertThatThrownBy(() -> vaults.getByResourceGroup(setup.resourceGroup(), setup.vaultName()))
        .isInstanceOf(ManagementException.class);
  }
}
