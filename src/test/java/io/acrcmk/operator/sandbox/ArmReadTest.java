package io.acrcmk.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.containerregistry.fluent.models.RegistryInner;
import com.azure.resourcemanager.containerregistry.models.ResourceIdentityType;
import com.azure.resourcemanager.msi.models.Identity;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArmReadTest {

  private static AzureSimulator simulator;
  private static CmkSetup setup;
  private static SdkClients clients;

  @BeforeAll
  static void start() {
    simulator = AzureSimulator.start();
    setup = simulator.seedHealthy();
    clients = new SdkClients(simulator, setup.subscriptionId());
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  @Test
  void registryGetReturnsIdentityAndEncryption() {
    RegistryInner registry =
        clients
            .registries()
            .serviceClient()
            .getRegistries()
            .getByResourceGroup(setup.resourceGroup(), setup.registryName());

    assertThat(registry.sku().name().toString()).isEqualTo("Premium");
    assertThat(registry.identity().type()).isEqualTo(ResourceIdentityType.USER_ASSIGNED);
    assertThat(registry.identity().userAssignedIdentities()).hasSize(1);
    assertThat(registry.encryption().status().toString()).isEqualTo("enabled");
    assertThat(registry.encryption().keyVaultProperties().identity()).isEqualTo(setup.clientId());
    assertThat(registry.encryption().keyVaultProperties().versionedKeyIdentifier())
        .endsWith("/keys/" + setup.keyName() + "/" + setup.currentKeyVersion());
    assertThat(simulator.requestLog().count("token")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void credentialSignsInWithOnlyTheTokenRequest() {
    clients.identities().identities().getById(setup.identityId());

    assertThat(simulator.requestLog().count(Operations.UNKNOWN)).isZero();
    RecordedRequest token = simulator.requestLog().forOperation(Operations.TOKEN).get(0);
    assertThat(token.path()).isEqualTo("/" + simulator.tenantId() + "/oauth2/v2.0/token");
    assertThat(token.body())
        .contains("client_assertion=")
        .contains("grant_type=client_credentials");
  }

  @Test
  void registryListReturnsSeededRegistries() {
    CmkSetup other =
        HealthySetup.builder()
            .registryName("acrsecond")
            .vaultName("kv-second")
            .identityName("id-second")
            .seed(simulator);

    List<String> names =
        clients.registries().serviceClient().getRegistries().list().stream()
            .map(RegistryInner::name)
            .toList();

    assertThat(names).contains(setup.registryName(), other.registryName());
  }

  @Test
  void systemAssignedVariantUsesReservedIdentityName() {
    CmkSetup system =
        HealthySetup.builder()
            .registryName("acrsystem")
            .vaultName("kv-system")
            .systemAssignedIdentity()
            .pinnedKeyVersion()
            .seed(simulator);

    RegistryInner registry =
        clients
            .registries()
            .serviceClient()
            .getRegistries()
            .getByResourceGroup(system.resourceGroup(), system.registryName());

    assertThat(registry.identity().type()).isEqualTo(ResourceIdentityType.SYSTEM_ASSIGNED);
    assertThat(registry.identity().principalId()).isEqualTo(system.principalId());
    assertThat(registry.encryption().keyVaultProperties().identity()).isEqualTo("system");
    assertThat(registry.encryption().keyVaultProperties().keyIdentifier())
        .endsWith("/" + system.currentKeyVersion());
    assertThat(registry.encryption().keyVaultProperties().keyRotationEnabled()).isFalse();
  }

  @Test
  void deletedIdentityIsNotFound() {
    StateCheckpoint before = simulator.checkpoint();
    simulator.mutations().deleteIdentity(setup.identityId());
    try {
      assertThatThrownBy(() -> clients.identities().identities().getById(setup.identityId()))
          .isInstanceOfSatisfying(
              ManagementException.class,
              e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(404));
    } finally {
      simulator.restore(before);
    }
  }

  @Test
  void identityGetReturnsPrincipalAndClientIds() {
    Identity identity = clients.identities().identities().getById(setup.identityId());

    assertThat(identity.principalId()).isEqualTo(setup.principalId());
    assertThat(identity.clientId()).isEqualTo(setup.clientId());
  }
}
