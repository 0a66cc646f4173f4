package io.acrcmk.operator.azure;

import io.acrcmk.operator.azure.snapshot.DeletedKeyState;
import io.acrcmk.operator.azure.snapshot.DeletedVaultState;
import io.acrcmk.operator.azure.snapshot.IdentityState;
import io.acrcmk.operator.azure.snapshot.KeyState;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import io.acrcmk.operator.azure.snapshot.RoleAssignmentState;
import io.acrcmk.operator.azure.snapshot.RoleDefinitionState;
import io.acrcmk.operator.azure.snapshot.VaultState;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The reads a loader makes, with the reads of resources that many registries share (identity,
 * vault, deleted vaults, key, key versions, role assignments and definitions, deleted key) going
 * through a {@link SharedReadCache}. The registry is read for each policy every time.
 */
final class SharedReads {

  private final AzureReads reads;
  private final SharedReadCache cache;
  private final Duration maxAge;

  /** Creates the reads. With a null cache, every read goes to Azure. */
  SharedReads(AzureReads reads, SharedReadCache cache) {
    this(reads, cache, SharedReadCache.DEFAULT_MAX_AGE);
  }

  private SharedReads(AzureReads reads, SharedReadCache cache, Duration maxAge) {
    this.reads = reads;
    this.cache = cache;
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
  }

  /** Returns these reads taking cached outcomes only when they are younger than {@code maxAge}. */
  SharedReads freshWithin(Duration maxAge) {
    return new SharedReads(reads, cache, maxAge);
  }

  Observed<RegistryState> registry(ResourceId registry) {
    return reads.registry(registry);
  }

  Observed<IdentityState> identity(ResourceId identity) {
    return shared(AzureReads.IDENTITIES_GET, identity.toString(), () -> reads.identity(identity));
  }

  Observed<VaultState> vault(ResourceId vault) {
    return shared(AzureReads.VAULTS_GET, vault.toString(), () -> reads.vault(vault));
  }

  Observed<DeletedVaultState> deletedVault(ResourceId vault) {
    return shared(
        AzureReads.VAULTS_LIST_DELETED, vault.toString(), () -> reads.deletedVault(vault));
  }

  Observed<KeyState> key(ResourceId vault, String keyName) {
    return shared(AzureReads.KEYS_GET, vault + "/keys/" + keyName, () -> reads.key(vault, keyName));
  }

  Observed<KeyState> keyVersion(ResourceId vault, String keyName, String version) {
    return shared(
        AzureReads.KEYS_GET_VERSION,
        vault + "/keys/" + keyName + "/versions/" + version,
        () -> reads.keyVersion(vault, keyName, version));
  }

  Observed<List<KeyState>> keyVersions(ResourceId vault, String keyName) {
    return shared(
        AzureReads.KEYS_LIST_VERSIONS,
        vault + "/keys/" + keyName,
        () -> reads.keyVersions(vault, keyName));
  }

  /** Reads a soft-deleted key, keyed by the vault's resource ID so it can be invalidated. */
  Observed<DeletedKeyState> deletedKey(ResourceId vault, String vaultUri, String keyName) {
    return shared(
        AzureReads.DATAPLANE_DELETED_KEYS_GET,
        vault + "/deletedkeys/" + keyName,
        () -> reads.deletedKey(vaultUri, keyName));
  }

  Observed<List<RoleAssignmentState>> roleAssignments(ResourceId vault, String principalId) {
    return shared(
        AzureReads.ROLE_ASSIGNMENTS_LIST_FOR_SCOPE,
        vault + " " + principalId,
        () -> reads.roleAssignments(vault, principalId));
  }

  Observed<RoleDefinitionState> roleDefinition(ResourceId vault, String roleDefinitionId) {
    return shared(
        AzureReads.ROLE_DEFINITIONS_GET,
        roleDefinitionId,
        () -> reads.roleDefinition(vault, roleDefinitionId));
  }

  private <T> Observed<T> shared(String operation, String resource, Supplier<Observed<T>> read) {
    return cache == null ? read.get() : cache.read(operation, resource, maxAge, read);
  }
}
