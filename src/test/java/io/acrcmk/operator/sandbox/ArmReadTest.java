package io.acrcmk.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.resourcemanager.containerregistry.fluent.models.RegistryInner;
import com.azure.resourcemanager.containerregistry.models.ResourceIdentityType;
import com.azure.resourcemanager.msi.models.Identity;
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
  void identityGetReturnsPrincipalAndClientIds() {
    Identity identity = clients.identities().identities().getById(setup.identityId());

    assertThat(identity.principalId()).isEqualTo(setup.principalId());
    assertThat(identity.clientId()).isEqualTo(setup.clientId());
  }
}
