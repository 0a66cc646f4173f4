package io.acrcmk.operator.azure.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the checks need to know about one policy's Azure resources, read once per reconcile.
 * Immutable; the checks are pure functions of it.
 *
 * @param readAt when the reads started
 * @param registry the registry
 * @param identity the declared user-assigned identity; skipped for SystemAssigned policies
 * @param vault the declared vault
 * @param deletedVault the vault in the deleted-vaults list; read only when the vault is not found
 * @param key the key's current version through ARM
 * @param keyVersions every version of the key through ARM
 * @param deletedKey the soft-deleted key through the data plane; read only when the key is not
 *     found
 * @param roleAssignments the role assignments of the encryption identity's principal that apply to
 *     the vault or below it; read only for vaults that use Azure RBAC
 * @param roleDefinitions the definitions of the roles in {@code roleAssignments}, keyed by the
 *     lower-cased role definition GUID
 */
public record AzureSnapshot(
    Instant readAt,
    Observed<RegistryState> registry,
    Observed<IdentityState> identity,
    Observed<VaultState> vault,
    Observed<DeletedVaultState> deletedVault,
    Observed<KeyState> key,
    Observed<List<KeyState>> keyVersions,
    Observed<DeletedKeyState> deletedKey,
    Observed<List<RoleAssignmentState>> roleAssignments,
    Map<String, Observed<RoleDefinitionState>> roleDefinitions) {

  public AzureSnapshot {
    roleDefinitions = Map.copyOf(roleDefinitions);
  }
}
