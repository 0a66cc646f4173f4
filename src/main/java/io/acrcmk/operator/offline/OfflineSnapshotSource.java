package io.acrcmk.operator.offline;

import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.SnapshotSource;
import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.RoleDefinitionState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads snapshots from the simulator that contains the collected documents, and turns "not found"
 * into "not collected". Offline, a resource the folder lacks may well exist in Azure, so reporting
 * it as deleted would be a false finding; the check reports it as Unknown instead, naming the az
 * command that collects it.
 *
 * <p>Two absences stay facts, because a collected document says so: a vault or key that is in the
 * collected deleted lists (so VaultSoftDeleted and KeySoftDeleted are still reported).
 */
final class OfflineSnapshotSource implements SnapshotSource {

  private final SnapshotSource documents;
  private final boolean roleAssignmentsCollected;

  OfflineSnapshotSource(SnapshotSource documents, boolean roleAssignmentsCollected) {
    this.documents = documents;
    this.roleAssignmentsCollected = roleAssignmentsCollected;
  }

  @Override
  public AzureSnapshot load(PolicyTarget target) {
    AzureSnapshot read = documents.load(target);
    String vaultName = target.vault().name();
    String keyName = target.keyName();
    Observed<?> vault = read.vault();
    if (vault.isNotFound() && !read.deletedVault().isFound()) {
      vault =
          notCollected(
              "vault " + target.vault(),
              "az keyvault show --ids "
                  + target.vault()
                  + " (or, if it was deleted, az keyvault list-deleted)");
    }
    Observed<?> key = read.key();
    if (key.isNotFound() && !read.deletedKey().isFound()) {
      key =
          notCollected(
              "key " + keyName,
              "az keyvault key show --vault-name "
                  + vaultName
                  + " --name "
                  + keyName
                  + " and az keyvault key list-versions --vault-name "
                  + vaultName
                  + " --name "
                  + keyName
                  + " (or, if it was deleted, az keyvault key list-deleted --vault-name "
                  + vaultName
                  + ")");
    }
    return new AzureSnapshot(
        read.readAt(),
        read.registry().isNotFound()
            ? notCollected(
                "registry " + target.registry(), "az acr show --ids " + target.registry())
            : read.registry(),
        read.identity().isNotFound()
            ? notCollected(
                "identity " + target.identity(), "az identity show --ids " + target.identity())
            : read.identity(),
        cast(vault),
        read.deletedVault(),
        cast(key),
        read.keyVersions(),
        read.deletedKey(),
        roleAssignments(read),
        roleDefinitions(read));
  }

  private <T> Observed<List<T>> roleAssignments(AzureSnapshot read) {
    @SuppressWarnings("unchecked")
    Observed<List<T>> assignments = (Observed<List<T>>) (Observed<?>) read.roleAssignments();
    if (roleAssignmentsCollected || !assignments.isFound()) {
      return assignments;
    }
    return notCollected(
        "the role assignments of the encryption identity",
        "az role assignment list --assignee <principal ID of the identity> --all; if that prints"
            + " [], the identity has no role on the vault");
  }

  private static Map<String, Observed<RoleDefinitionState>> roleDefinitions(AzureSnapshot read) {
    Map<String, Observed<RoleDefinitionState>> definitions = new LinkedHashMap<>();
    read.roleDefinitions()
        .forEach(
            (guid, definition) ->
                definitions.put(
                    guid,
                    definition.isNotFound()
                        ? notCollected(
                            "role definition " + guid, "az role definition list --name " + guid)
                        : definition));
    return definitions;
  }

  private static <T> Observed<T> notCollected(String what, String command) {
    return Observed.skipped(
        "the offline folder holds no document for " + what + "; add the output of: " + command);
  }

  @SuppressWarnings("unchecked")
  private static <T> Observed<T> cast(Observed<?> observed) {
    return (Observed<T>) observed;
  }
}
