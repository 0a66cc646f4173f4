package io.acrcmk.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.Context;
import com.azure.resourcemanager.containerregistry.fluent.models.RegistryInner;
import com.azure.resourcemanager.keyvault.fluent.models.DeletedVaultInner;
import com.azure.resourcemanager.keyvault.fluent.models.KeyInner;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.resourcemanager.msi.models.Identity;
import com.azure.security.keyvault.keys.models.DeletedKey;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Loads the public example payloads and reads them back through the SDK. */
class ImportTest {

  private static final String SPEC_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

  private static AzureSimulator simulator;
  private static StateCheckpoint empty;

  @BeforeAll
  static void start() {
    simulator = AzureSimulator.start();
    empty = simulator.checkpoint();
  }

  @BeforeEach
  void clear() {
    simulator.restore(empty);
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  private SdkClients clients(String subscriptionId) {
    return new SdkClients(simulator, subscriptionId);
  }

  private static JsonNode exampleBody(String file) {
    return Json.parse(Fixtures.read(file)).at("/responses/200/body");
  }

  @Test
  void registryExampleReadsBackThroughSdk() {
    simulator.importArm(Fixtures.read("arm/containerregistry-2025-04-01-RegistryGet.json"));

    RegistryInner registry =
        clients(SPEC_SUBSCRIPTION)
            .registries()
            .serviceClient()
            .getRegistries()
            .getByResourceGroup("myResourceGroup", "myRegistry");

    assertThat(registry.loginServer()).isEqualTo("myRegistry.azurecr.io");
    assertThat(registry.sku().name().toString()).isEqualTo("Standard");
    assertThat(registry.encryption().status().toString()).isEqualTo("disabled");
    assertThat(registry.encryption().keyVaultProperties()).isNull();
  }

  @Test
  void identityExampleReadsBackThroughSdk() {
    simulator.importArm(Fixtures.read("arm/msi-2024-11-30-IdentityGet.json"));

    Identity identity =
        clients("subid").identities().identities().getByResourceGroup("rgName", "identityName");

    assertThat(identity.clientId()).isEqualTo("4024ab25-56a8-4370-aea6-6389221caf29");
    assertThat(identity.principalId()).isEqualTo("25cc773c-7f05-40fc-a104-32d2300754ad");
  }

  @Test
  void vaultExampleKeepsFieldsAndPointsAtSimulator() {
    simulator.importArm(Fixtures.read("arm/keyvault-2024-11-01-updateVault.json"));

    VaultInner vault =
        clients(SPEC_SUBSCRIPTION)
            .vaults()
            .serviceClient()
            .getVaults()
            .getByResourceGroup("sample-resource-group", "sample-vault");

    assertThat(vault.properties().vaultUri()).isEqualTo(simulator.vaultUri("sample-vault"));
    assertThat(vault.properties().privateEndpointConnections()).hasSize(1);
    assertThat(vault.properties().networkAcls().defaultAction().toString()).isEqualTo("Deny");
    assertThat(vault.properties().accessPolicies().get(0).permissions().keys()).hasSize(16);
    assertThat(vault.systemData().createdBy()).isEqualTo("keyVaultUser1");
  }

  @Test
  void deletedVaultExamplesListAndGet() {
    simulator.importArm(Fixtures.read("arm/keyvault-2024-11-01-listDeletedVaults.json"));
    simulator.importArm(Fixtures.read("arm/keyvault-2024-11-01-getDeletedVault.json"));
    var vaults = clients(SPEC_SUBSCRIPTION).vaults().serviceClient().getVaults();

    List<DeletedVaultInner> deleted = vaults.listDeleted().stream().toList();
    DeletedVaultInner one = vaults.getDeleted("sample-vault", "westus");

    assertThat(deleted).hasSize(1);
    assertThat(one.properties().scheduledPurgeDate()).isNotNull();
    assertThat(one.properties().purgeProtectionEnabled()).isTrue();
  }

  @Test
  void armKeyExamplesReadBackWithGeneratedMaterial() {
    simulator
        .resources()
        .createVault(SPEC_SUBSCRIPTION, "sample-group", "sample-vault-name", false);
    simulator.importArm(Fixtures.read("arm/keyvault-2024-11-01-getKey.json"));
    simulator.importArm(Fixtures.read("arm/keyvault-2024-11-01-listKeyVersions.json"));
    var keys = clients(SPEC_SUBSCRIPTION).vaults().serviceClient().getKeys();

    KeyInner key = keys.get("sample-group", "sample-vault-name", "sample-key-name");
    List<String> versions =
        keys.listVersions("sample-group", "sample-vault-name", "sample-key-name").stream()
            .map(KeyInner::name)
            .toList();

    assertThat(key.keySize()).isEqualTo(2048);
    assertThat(key.attributes().recoveryLevel().toString()).isEqualTo("Purgeable");
    assertThat(versions)
        .containsExactly(
            "fd618d9519b74f9aae94ade66b876acc",
            "c2296aa24acf4daf86942bff5aca73dd",
            "d5a04667b6f44b0ca62825f5eae93da6");
    assertThat(key.keyUriWithVersion()).endsWith("/d5a04667b6f44b0ca62825f5eae93da6");
  }

  @Test
  void dataPlaneExamplesReadBackThroughKeyClient() {
    simulator.resources().createVault(SPEC_SUBSCRIPTION, "rg", "myvault", false);
    simulator.importArm(Fixtures.read("keyvault-data-plane/7.5-GetKey-example.json"));
    var keys = clients(SPEC_SUBSCRIPTION).keys(simulator.vaultUri("myvault"));
    String modulus =
        exampleBody("keyvault-data-plane/7.5-GetKey-example.json").at("/key/n").asText();

    KeyVaultKey key = keys.getKey("CreateSoftKeyTest", "78deebed173b48e48f55abf87ed4cf71");

    assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(key.getKey().getN()))
        .isEqualTo(modulus);
    assertThat(key.getId()).startsWith(simulator.vaultUri("myvault"));
  }

  @Test
  void deletedKeyExampleReplacesActiveKey() {
    simulator.resources().createVault(SPEC_SUBSCRIPTION, "rg", "myvault", false);
    simulator.importArm(Fixtures.read("keyvault-data-plane/7.5-GetKey-example.json"));
    simulator.importArm(Fixtures.read("keyvault-data-plane/7.5-GetDeletedKey-example.json"));
    var keys = clients(SPEC_SUBSCRIPTION).keys(simulator.vaultUri("myvault"));

    DeletedKey deleted = keys.getDeletedKey("CreateSoftKeyTest");

    assertThat(deleted.getRecoveryId())
        .isEqualTo(simulator.vaultUri("myvault") + "deletedkeys/CreateSoftKeyTest");
    assertThat(deleted.getDeletedOn().toEpochSecond()).isEqualTo(1493942452L);
    assertThat(simulator.state().key("myvault", "CreateSoftKeyTest")).isEmpty();
  }

  @Test
  void roleAssignmentExampleIsListedForItsScope() {
    simulator.importArm(
        Fixtures.read("arm/authorization-2022-04-01-RoleAssignments_ListForScope.json"));

    long count =
        clients("a925f2f7-5c63-4b7b-8799-25a5f97bc3b2")
            .authorization()
            .roleServiceClient()
            .getRoleAssignments()
            .listForScope(
                "subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2",
                null,
                null,
                null,
                Context.NONE)
            .stream()
            .count();

    assertThat(count).isEqualTo(1);
  }

  @Test
  void sdkSessionRecordLoadsItsKey() {
    simulator.resources().createVault(SPEC_SUBSCRIPTION, "rg", "azure-kv-tests2", false);

    int loaded = simulator.importArm(Fixtures.read("recordings/KeyClientTest.getKey[1].json"));

    assertThat(loaded).isPositive();
    assertThat(simulator.state().key("azure-kv-tests2", "testKey4")).isPresent();
  }

  @Test
  void cliCassetteLoadsCmkRegistry() {
    simulator.importArm(Fixtures.read("recordings/azure-cli-test_acr_encryption_with_cmk.yaml"));

    RegistryInner registry =
        clients(SPEC_SUBSCRIPTION)
            .registries()
            .serviceClient()
            .getRegistries()
            .getByResourceGroup("clitest.rg000001", "testreg000006");

    assertThat(registry.identity().type().toString()).isEqualToIgnoringCase("UserAssigned");
    assertThat(registry.encryption().keyVaultProperties().identity())
        .isEqualTo("33b5bfe1-ff99-42ec-a264-a19d6bf8e4f7");
    assertThat(registry.encryption().keyVaultProperties().keyIdentifier())
        .startsWith(simulator.vaultUri("clitest000002") + "keys/rotatekey000004/");
    assertThat(registry.encryption().keyVaultProperties().lastKeyRotationTimestamp()).isNotNull();
  }

  @Test
  void resourceWithoutTypeIsRecognisedById() {
    String identityId =
        "/subscriptions/"
            + SPEC_SUBSCRIPTION
            + "/resourceGroups/rg/providers/"
            + "Microsoft.ManagedIdentity/userAssignedIdentities/id1";

    simulator.importArm(
        "{\"id\":\"" + identityId + "\",\"name\":\"id1\",\"properties\":{\"clientId\":\"c1\"}}");

    assertThat(
            simulator
                .state()
                .require(SimulatorState.Kind.IDENTITY, identityId)
                .at("/properties/clientId")
                .asText())
        .isEqualTo("c1");
    assertThat(ArmImporter.typeFromId(identityId + "/x/y"))
        .isEqualTo("Microsoft.ManagedIdentity/userAssignedIdentities/x");
    assertThat(ArmImporter.typeFromId("/subscriptions/s")).isNull();
  }

  @Test
  void unrecognisedJsonIsRejectedWithReason() {
    assertThatThrownBy(
            () -> simulator.importArm("{\"type\":\"Microsoft.Web/sites\",\"id\":\"/x\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Microsoft.Web/sites");
    assertThatThrownBy(() -> simulator.importArm("{not json"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> simulator.importArm("")).isInstanceOf(IllegalArgumentException.class);
  }
}
