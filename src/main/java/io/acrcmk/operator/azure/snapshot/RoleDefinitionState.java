package io.acrcmk.operator.azure.snapshot;

import java.util.List;

/**
 * A role definition with its permissions.
 *
 * @param id the definition's resource ID
 * @param roleName the display name, such as Key Vault Crypto Service Encryption User
 * @param permissions the permission blocks; a data action is granted when one block allows it and
 *     the same block does not exclude it
 */
public record RoleDefinitionState(String id, String roleName, List<Permission> permissions) {

  /**
   * One permission block of a role definition. Entries may hold {@code *} wildcards.
   *
   * @param actions control-plane actions
   * @param notActions control-plane actions excluded from {@code actions}
   * @param dataActions data-plane actions
   * @param notDataActions data-plane actions excluded from {@code dataActions}
   */
  public record Permission(
      List<String> actions,
      List<String> notActions,
      List<String> dataActions,
      List<String> notDataActions) {}
}
