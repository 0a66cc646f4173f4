package io.acrcmk.operator.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.azure.snapshot.DeletedKeyState;
import io.acrcmk.operator.azure.snapshot.DeletedVaultState;
import io.acrcmk.operator.azure.snapshot.IdentityState;
import io.acrcmk.operator.azure.snapshot.KeyState;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import io.acrcmk.operator.azure.snapshot.RoleAssignmentState;
import io.acrcmk.operator.azure.snapshot.RoleDefinitionState;
import io.acrcmk.operator.azure.snapshot.VaultState;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.Fault;
import io.acrcmk.operator.sandbox.FaultRule;
import io.acrcmk.operator.sandbox.HealthySetup;
import io.acrcmk.operator.sandbox.SimulatorState;
import io.acrcmk.operator.sandbox.StateCheckpoint;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads seeded setups from the simulator through the real SDK and checks every snapshot field. */
class AzureSnapshotLoaderTest {

  private static final String CRYPTO_SERVICE_ENCRYPTION_USER =
      "e147488a-f6f5-4113-8e2d-b22465e65bf6";

  private static AzureSimulator simulator;
  private static StateCheckpoint empty;
  private AzureSnapshotLoader loader;

  @BeforeAll
  static void startSimulator() {
    simulator = AzureSimulator.start();
    empty = simulator.checkpoint();
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  @BeforeEach
  void resetSimulator() {
    simulator.restore(empty);
    simulator.faults().clear();
    simulator.clearRequests();
    loader = LoaderFixture.loader(simulator, Duration.ofSeconds(5), LoaderFixture.FAST_RETRIES);
  }

  @Test
  void readsHealthyUserAssignedSetup() {
    CmkSetup setup = simulator.seedHealthy();
    Instant before = Instant.now();

    AzureSnapshot snapshot = loader.load(LoaderFixture.target(setup));

    assertThat(snapshot.readAt()).isBetween(before, Instant.now());
    RegistryState registry = found(snapshot.registry());
    assertThat(registry.id()).isEqualToIgnoringCase(setup.registryId());
    assertThat(registry.name()).isEqualTo(setup.registryName());
    assertThat(registry.location()).isNotBlank();
    assertThat(registry.skuName()).isEqualTo("Premium");
    assertThat(registry.provisioningState()).isEqualTo("Succeeded");
    assertThat(registry.identity().type()).containsExactly("UserAssigned");
    assertThat(registry.identity().userAssignedIdentities()).hasSize(1);
    RegistryState.UserAssignedIdentityRef attached =
        registry.identity().userAssignedIdentities().get(0);
    assertThat(attached.resourceId()).isEqualToIgnoringCase(setup.identityId());
    assertThat(attached.principalId()).isEqualTo(setup.principalId());
    assertThat(attached.clientId()).isEqualTo(setup.clientId());
    assertThat(registry.encryption().enabled()).isTrue();
    assertThat(registry.encryption().keyVault().keyIdentifier()).isEqualTo(setup.keyIdentifier());
    assertThat(registry.encryption().keyVault().versionedKeyIdentifier())
        .endsWith("/keys/" + setup.keyName() + "/" + setup.currentKeyVersion());
    assertThat(registry.encryption().keyVault().identity()).isEqualTo(setup.clientId());
    assertThat(registry.encryption().keyVault().keyRotationEnabled()).isTrue();

    IdentityState identity = found(snapshot.identity());
    assertThat(identity.id()).isEqualToIgnoringCase(setup.identityId());
    assertThat(identity.name()).isEqualTo(setup.identityName());
    assertThat(identity.tenantId()).isEqualTo(simulator.tenantId());
    assertThat(identity.principalId()).isEqualTo(setup.principalId());
    assertThat(identity.clientId()).isEqualTo(setup.clientId());

    VaultState vault = found(snapshot.vault());
    assertThat(vault.id()).isEqualToIgnoringCase(setup.vaultId());
    assertThat(vault.name()).isEqualTo(setup.vaultName());
    assertThat(vault.tenantId()).isEqualTo(simulator.tenantId());
    assertThat(vault.vaultUri()).isEqualTo(setup.vaultUri());
    assertThat(vault.enableSoftDelete()).isTrue();
    assertThat(vault.softDeleteRetentionInDays()).isEqualTo(90);
    assertThat(vault.enablePurgeProtection()).isTrue();
    assertThat(vault.enableRbacAuthorization()).isFalse();
    assertThat(vault.publicNetworkAccess()).isEqualTo("Enabled");
    assertThat(vault.networkAcls().bypass()).isEqualTo("AzureServices");
    assertThat(vault.networkAcls().defaultAction()).isEqualTo("Allow");
    assertThat(vault.networkAcls().ipRules()).isEmpty();
    assertThat(vault.networkAcls().virtualNetworkRules()).isEmpty();
    assertThat(vault.accessPolicies())
        .singleElement()
        .satisfies(
            policy -> {
              assertThat(policy.objectId()).isEqualTo(setup.principalId());
              assertThat(policy.tenantId()).isEqualTo(simulator.tenantId());
              assertThat(policy.keyPermissions())
                  .containsExactlyInAnyOrder("get", "wrapKey", "unwrapKey");
            });
    assertThat(vault.privateEndpointConnections()).isEmpty();
    assertThat(snapshot.deletedVault()).isInstanceOf(Observed.Skipped.class);

    KeyState key = found(snapshot.key());
    assertThat(key.name()).isEqualTo(setup.keyName());
    assertThat(key.version()).isEqualTo(setup.currentKeyVersion());
    assertThat(key.keyUri()).isNotBlank();
    assertThat(key.keyUriWithVersion()).endsWith("/" + setup.currentKeyVersion());
    assertThat(key.keyType()).isEqualTo("RSA");
    assertThat(key.keySize()).isEqualTo(2048);
    assertThat(key.keyOps()).containsExactlyInAnyOrder("wrapKey", "unwrapKey");
    assertThat(key.attributes().enabled()).isTrue();
    assertThat(key.attributes().created()).isBefore(Instant.now());
    assertThat(key.attributes().updated()).isNotNull();
    assertThat(key.attributes().recoveryLevel()).isNotBlank();
    assertThat(found(snapshot.keyVersions()))
        .extracting(KeyState::version)
        .containsExactlyInAnyOrderElementsOf(setup.keyVersions());
    assertThat(snapshot.deletedKey()).isInstanceOf(Observed.Skipped.class);

    assertThat(skipReason(snapshot.roleAssignments())).contains("access policies");
    assertThat(snapshot.roleDefinitions()).isEmpty();
  }

  @Test
  void readsRoleAssignmentsOfRbacVault() {
    CmkSetup setup = HealthySetup.builder().rbacVault().seed(simulator);
    String otherPrincipal = "0f6b7a2e-43c1-4d2a-9a57-1b7c3d9e5f01";
    simulator
        .mutations()
        .addRoleAssignment(setup.vaultId(), otherPrincipal, CRYPTO_SERVICE_ENCRYPTION_USER);

    AzureSnapshot snapshot = loader.load(LoaderFixture.target(setup));

    assertThat(found(snapshot.vault()).enableRbacAuthorization()).isTrue();
    RoleAssignmentState assignment = found(snapshot.roleAssignments()).get(0);
    assertThat(found(snapshot.roleAssignments())).hasSize(1);
    assertThat(assignment.id()).isEqualToIgnoringCase(setup.roleAssignmentId());
    assertThat(assignment.principalId()).isEqualTo(setup.principalId());
    assertThat(assignment.scope()).isEqualToIgnoringCase(setup.vaultId());
    assertThat(assignment.roleDefinitionId()).endsWith(CRYPTO_SERVICE_ENCRYPTION_USER);
    assertThat(snapshot.roleDefinitions()).containsOnlyKeys(CRYPTO_SERVICE_ENCRYPTION_USER);
    RoleDefinitionState definition =
        found(snapshot.roleDefinitions().get(CRYPTO_SERVICE_ENCRYPTION_USER));
    assertThat(definition.id()).endsWith(CRYPTO_SERVICE_ENCRYPTION_USER);
    assertThat(definition.roleName()).isEqualTo("Key Vault Crypto Service Encryption User");
    assertThat(definition.permissions())
        .singleElement()
        .satisfies(
            permission ->
                assertThat(permission.dataActions())
                    .contains(
                        "Microsoft.KeyVault/vaults/keys/read",
                        "Microsoft.KeyVault/vaults/keys/wrap/action",
                        "Microsoft.KeyVault/vaults/keys/unwrap/action"));
    assertThat(simulator.requestLog().forOperation("roleAssignments.listForScope"))
        .singleElement()
        .satisfies(request -> assertThat(request.path()).startsWith("/subscriptions/"));
  }

  @Test
  void readsSystemAssignedSetup() {
    CmkSetup setup = HealthySetup.builder().systemAssignedIdentity().rbacVault().seed(simulator);

    AzureSnapshot snapshot = loader.load(LoaderFixture.target(setup));

    assertThat(skipReason(snapshot.identity())).contains("system-assigned");
    RegistryState registry = found(snapshot.registry());
    assertThat(registry.identity().type()).contains("SystemAssigned");
    assertThat(registry.identity().principalId()).isEqualTo(setup.principalId());
    assertThat(registry.identity().tenantId()).isEqualTo(simulator.tenantId());
    assertThat(registry.encryption().keyVault().usesSystemIdentity()).isTrue();
    assertThat(found(snapshot.roleAssignments()))
        .extracting(RoleAssignmentState::principalId)
        .containsExactly(setup.principalId());
    assertThat(snapshot.roleDefinitions()).containsOnlyKeys(CRYPTO_SERVICE_ENCRYPTION_USER);
  }

  @Test
  void findsDeletedVaultWhenVaultIsGone() {
    CmkSetup setup = simulator.seedHealthy();
    simulator.mutations().deleteVault(setup.vaultId());

    AzureSnapshot snapshot = loader.load(LoaderFixture.target(setup));

    assertThat(snapshot.vault().isNotFound()).isTrue();
    DeletedVaultState deleted = found(snapshot.deletedVault());
    assertThat(deleted.name()).isEqualTo(setup.vaultName());
    assertThat(deleted.vaultId()).isEqualToIgnoringCase(setup.vaultId());
    assertThat(deleted.location()).isNotBlank();
    assertThat(deleted.deletionDate()).isNotNull();
    assertThat(deleted.scheduledPurgeDate()).isAfter(deleted.deletionDate());
    assertThat(deleted.purgeProtectionEnabled()).isTrue();
    assertThat(skipReason(snapshot.key())).contains(setup.vaultName()).contains("was not found");
    assertThat(skipReason(snapshot.keyVersions())).contains("was not found");
    assertThat(skipReason(snapshot.deletedKey())).contains("was not found");
    assertThat(skipReason(snapshot.roleAssignments())).contains("was not found");
  }

  @Test
  void reportsDeletedVaultAbsentWhenPurged() {
    CmkSetup setup = simulator.seedHealthy();
    simulator.state().remove(SimulatorState.Kind.VAULT, setup.vaultId());

    AzureSnapshot snapshot = loader.load(LoaderFixture.target(setup));

    assertThat(snapshot.vault().isNotFound()).isTrue();
    assertThat(snapshot.deletedVault().isNotFound()).isTrue();
  }

  @Test
  void findsSoftDeletedKey() {
    CmkSetup setup = simulator.seedHealthy();
    simulator.mutations().keys().softDelete(setup.vaultName(), setup.keyName());

    AzureSnapshot snapshot = loader.load(LoaderFixture.target(setup));

    assertThat(snapshot.key().isNotFound()).isTrue();
    assertThat(skipReason(snapshot.keyVersions()))
        .contains(setup.keyName())
        .contains("was not found");
    DeletedKeyState deleted = found(snapshot.deletedKey());
    assertThat(deleted.name()).isEqualTo(setup.keyName());
    assertThat(deleted.recoveryId()).isEqualTo(setup.vaultUri() + "deletedkeys/" + setup.keyName());
    assertThat(deleted.deletedDate()).isNotNull();
    assertThat(deleted.scheduledPurgeDate()).isAfter(deleted.deletedDate());
  }

  @Test
  void reportsPurgedKeyAsNotFound() {
    CmkSetup setup = simulator.seedHealthy();
    simulator.state().removeKey(setup.vaultName(), setup.keyName());

    AzureSnapshot snapshot = loader.load(LoaderFixture.target(setup));

    assertThat(snapshot.key().isNotFound()).isTrue();
    assertThat(snapshot.deletedKey().isNotFound()).isTrue();
    assertThat(((Observed.NotFound<?>) snapshot.deletedKey()).detail()).startsWith("KeyNotFound");
  }

  @Test
  void skipsRolesWhenIdentityIsMissing() {
    CmkSetup setup = HealthySetup.builder().rbacVault().seed(simulator);
    simulator.mutations().deleteIdentity(setup.identityId());

    AzureSnapshot snapshot = loader.load(LoaderFixture.target(setup));

    assertThat(snapshot.identity().isNotFound()).isTrue();
    assertThat(skipReason(snapshot.roleAssignments()))
        .contains(setup.identityName())
        .contains("was not found");
    assertThat(simulator.requestLog().count("roleAssignments.listForScope")).isZero();
  }

  @Test
  void reusesClientsAcrossLoads() {
    CmkSetup setup = simulator.seedHealthy();

    loader.load(LoaderFixture.target(setup));
    loader.load(LoaderFixture.target(setup));

    assertThat(simulator.requestLog().count("registries.get")).isEqualTo(2);
    assertThat(simulator.requestLog().count("token")).isEqualTo(1);
  }

  @Test
  void rejectsRegistryWithoutProperties() {
    CmkSetup setup = simulator.seedHealthy();
    simulator
        .faults()
        .inject(FaultRule.forOperation("registries.get", Fault.removeField("properties")));

    AzureSnapshot snapshot = loader.load(LoaderFixture.target(setup));

    ReadFailure failure = snapshot.registry().failureOrNull();
    assertThat(failure.kind()).isEqualTo(ReadFailure.Kind.INVALID_RESPONSE);
    assertThat(failure.httpStatus()).isEqualTo(200);
    assertThat(failure.requestId()).isNotBlank();
    assertThat(failure.message()).contains("properties.provisioningState");
    assertThat(snapshot.vault().isFound()).isTrue();
  }

  @Test
  void rejectsIdentityWithoutPrincipal() {
    CmkSetup setup = simulator.seedHealthy();
    simulator
        .faults()
        .inject(
            FaultRule.forOperation("identities.get", Fault.removeField("properties/principalId")));

    AzureSnapshot snapshot = loader.load(LoaderFixture.target(setup));

    ReadFailure failure = snapshot.identity().failureOrNull();
    assertThat(failure.kind()).isEqualTo(ReadFailure.Kind.INVALID_RESPONSE);
    assertThat(failure.message()).contains("properties.principalId");
  }

  @Test
  void refusesVaultUriOutsideCloud() {
    CmkSetup setup = simulator.seedHealthy();
    simulator.mutations().keys().softDelete(setup.vaultName(), setup.keyName());
    simulator
        .mutations()
        .updateVault(
            setup.vaultId(),
            vault ->
                ((ObjectNode) vault.get("properties"))
                    .put("vaultUri", "https://" + setup.vaultName() + ".vault.example.com/"));

    AzureSnapshot snapshot = loader.load(LoaderFixture.target(setup));

    ReadFailure failure = snapshot.deletedKey().failureOrNull();
    assertThat(failure.kind()).isEqualTo(ReadFailure.Kind.INVALID_RESPONSE);
    assertThat(failure.message()).contains("vault.example.com").contains("vault.localhost");
    assertThat(simulator.requestLog().count("dataplane.deletedKeys.get")).isZero();
  }

  @Test
  void rejectsVaultWithoutUriForDeletedKey() {
    CmkSetup setup = simulator.seedHealthy();
    simulator.mutations().keys().softDelete(setup.vaultName(), setup.keyName());
    simulator
        .faults()
        .inject(FaultRule.forOperation("vaults.get", Fault.removeField("properties/vaultUri")));

    AzureSnapshot snapshot = loader.load(LoaderFixture.target(setup));

    assertThat(found(snapshot.vault()).vaultUri()).isNull();
    ReadFailure failure = snapshot.deletedKey().failureOrNull();
    assertThat(failure.kind()).isEqualTo(ReadFailure.Kind.INVALID_RESPONSE);
    assertThat(failure.message()).contains("vaultUri");
  }

  @Test
  void readsFullDetailOfVersionInUseBehindCurrent() {
    CmkSetup setup = simulator.seedHealthy();
    String inUse = setup.currentKeyVersion();
    simulator.mutations().keys().replaceWithEcKey(setup.vaultName(), setup.keyName());

    AzureSnapshot snapshot = loader.load(LoaderFixture.target(setup));

    assertThat(found(snapshot.key()).keyType()).isEqualTo("EC");
    KeyState used =
        found(snapshot.keyVersions()).stream()
            .filter(v -> v.version().equals(inUse))
            .findFirst()
            .orElseThrow();
    assertThat(used.keyType()).isEqualTo("RSA");
    assertThat(used.keySize()).isEqualTo(2048);
    assertThat(used.keyOps()).containsExactlyInAnyOrder("wrapKey", "unwrapKey");
    assertThat(simulator.requestLog().count("keys.getVersion")).isEqualTo(1);
  }

  @Test
  void failedVersionDetailMakesVersionsFailed() {
    CmkSetup setup = simulator.seedHealthy();
    simulator.mutations().keys().replaceWithEcKey(setup.vaultName(), setup.keyName());
    simulator
        .faults()
        .inject(FaultRule.forOperation("keys.getVersion", Fault.authorizationFailed()));

    AzureSnapshot snapshot = loader.load(LoaderFixture.target(setup));

    ReadFailure failure = snapshot.keyVersions().failureOrNull();
    assertThat(failure.kind()).isEqualTo(ReadFailure.Kind.FORBIDDEN);
    assertThat(failure.operation()).isEqualTo("keys.getVersion");
  }

  @Test
  void currentVersionInUseNeedsNoDetailRead() {
    CmkSetup setup = simulator.seedHealthy();

    loader.load(LoaderFixture.target(setup));

    assertThat(simulator.requestLog().count("keys.getVersion")).isZero();
  }

  private static <T> T found(Observed<T> outcome) {
    assertThat(outcome).isInstanceOf(Observed.Found.class);
    return outcome.valueOrNull();
  }

  private static String skipReason(Observed<?> outcome) {
    assertThat(outcome).isInstanceOf(Observed.Skipped.class);
    return ((Observed.Skipped<?>) outcome).reason();
  }
}
