package io.acrcmk.operator.check;

import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.RoleAssignmentState;
import io.acrcmk.operator.azure.snapshot.RoleDefinitionState;
import io.acrcmk.operator.azure.snapshot.RoleDefinitionState.Permission;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Computes which of the data actions ACR needs a principal's role assignments grant on one key, as
 * Azure RBAC does: an assignment counts when its scope is the vault, this key, or an ancestor of
 * the vault, and its role grants a data action when one permission block's {@code dataActions}
 * match it and the same block's {@code notDataActions} do not. Entries may hold {@code *} wildcards
 * and compare ignoring case.
 */
final class RbacEvaluator {

  static final String KEYS_READ = "Microsoft.KeyVault/vaults/keys/read";
  static final String KEYS_WRAP = "Microsoft.KeyVault/vaults/keys/wrap/action";
  static final String KEYS_UNWRAP = "Microsoft.KeyVault/vaults/keys/unwrap/action";

  /** The data actions ACR needs: get, wrapKey and unwrapKey. */
  static final List<String> REQUIRED_DATA_ACTIONS = List.of(KEYS_READ, KEYS_WRAP, KEYS_UNWRAP);

  private static final String MANAGEMENT_GROUP_PREFIX =
      "/providers/microsoft.management/managementgroups/";

  private RbacEvaluator() {}

  /**
   * A role whose definition is unknown, so the rights it grants are unknown.
   *
   * @param roleDefinitionId the role definition ID from the assignment
   * @param definition the outcome of reading it, or null when it was not read at all
   */
  record UnreadRole(String roleDefinitionId, Observed<RoleDefinitionState> definition) {}

  /**
   * The rights a principal's assignments grant on the key.
   *
   * @param missing the required data actions no assignment grants
   * @param grantingRoles names of the roles that grant at least one required data action
   * @param unreadRoles roles whose definition is unknown
   * @param controlPlaneOnlyRoles names of roles that list key rights under {@code actions}, which
   *     are control-plane rights and grant no data access
   */
  record Evaluation(
      List<String> missing,
      List<String> grantingRoles,
      List<UnreadRole> unreadRoles,
      List<String> controlPlaneOnlyRoles) {}

  /** Evaluates {@code assignments} of {@code principalId} for key {@code keyName} of a vault. */
  static Evaluation evaluate(
      String vaultId,
      String keyName,
      String principalId,
      List<RoleAssignmentState> assignments,
      Map<String, Observed<RoleDefinitionState>> definitions) {
    Set<String> granted = new LinkedHashSet<>();
    Set<String> grantingRoles = new LinkedHashSet<>();
    List<UnreadRole> unread = new ArrayList<>();
    Set<String> controlPlaneOnly = new LinkedHashSet<>();
    for (RoleAssignmentState assignment : assignments) {
      if (assignment == null
          || !isForPrincipal(assignment, principalId)
          || !scopeApplies(assignment.scope(), vaultId, keyName)) {
        continue;
      }
      String guid = roleGuid(assignment.roleDefinitionId());
      Observed<RoleDefinitionState> definition = guid == null ? null : definitions.get(guid);
      if (definition == null
          || definition instanceof Observed.Failed<?>
          || definition instanceof Observed.Skipped<?>) {
        unread.add(new UnreadRole(assignment.roleDefinitionId(), definition));
        continue;
      }
      RoleDefinitionState role = definition.valueOrNull();
      if (role == null) {
        // A deleted role definition grants nothing.
        continue;
      }
      List<String> grants =
          REQUIRED_DATA_ACTIONS.stream().filter(action -> grants(role, action)).toList();
      granted.addAll(grants);
      if (!grants.isEmpty()) {
        grantingRoles.add(roleLabel(role, assignment));
      } else if (listsKeyRightsAsActions(role)) {
        controlPlaneOnly.add(roleLabel(role, assignment));
      }
    }
    List<String> missing =
        REQUIRED_DATA_ACTIONS.stream().filter(action -> !granted.contains(action)).toList();
    return new Evaluation(
        missing, List.copyOf(grantingRoles), List.copyOf(unread), List.copyOf(controlPlaneOnly));
  }

  /**
   * Returns whether an assignment at {@code scope} applies to key {@code keyName} of the vault
   * {@code vaultId}: the root, a management group, the vault's subscription or resource group, the
   * vault, or this key. The checker cannot see the management-group tree, so it relies on the
   * role-assignment listing returning only management groups above the vault.
   */
  static boolean scopeApplies(String scope, String vaultId, String keyName) {
    String assigned = normalizeScope(scope);
    if (assigned.isEmpty()) {
      return false;
    }
    if (assigned.equals("/")) {
      return true;
    }
    String vault = normalizeScope(vaultId);
    if (assigned.equals(vault)
        || assigned.equals(vault + "/keys/" + keyName.toLowerCase(Locale.ROOT))
        || vault.startsWith(assigned + "/")) {
      return true;
    }
    return assigned.startsWith(MANAGEMENT_GROUP_PREFIX);
  }

  /** Returns whether {@code role} grants {@code dataAction}. */
  static boolean grants(RoleDefinitionState role, String dataAction) {
    if (role.permissions() == null) {
      return false;
    }
    for (Permission block : role.permissions()) {
      if (block != null
          && anyMatches(block.dataActions(), dataAction)
          && !anyMatches(block.notDataActions(), dataAction)) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether {@code pattern}, with {@code *} wildcards, matches {@code action}. */
  static boolean matches(String pattern, String action) {
    if (pattern == null || action == null) {
      return false;
    }
    StringBuilder regex = new StringBuilder();
    for (String literal : pattern.strip().split("\\*", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(literal));
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(action).matches();
  }

  /** Returns the lower-case GUID that ends a role definition ID, or null when there is none. */
  static String roleGuid(String roleDefinitionId) {
    if (roleDefinitionId == null || roleDefinitionId.isBlank()) {
      return null;
    }
    String trimmed = roleDefinitionId.strip().replaceFirst("/+$", "");
    return trimmed.substring(trimmed.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * Returns whether the role lists wrap or unwrap under {@code actions}. A bare {@code *}, as Owner
   * and Contributor have, does not count, because such roles are not meant for key access.
   */
  private static boolean listsKeyRightsAsActions(RoleDefinitionState role) {
    if (role.permissions() == null) {
      return false;
    }
    return role.permissions().stream()
        .filter(block -> block != null && block.actions() != null)
        .flatMap(block -> block.actions().stream())
        .filter(action -> action != null && !action.strip().equals("*"))
        .anyMatch(action -> matches(action, KEYS_WRAP) || matches(action, KEYS_UNWRAP));
  }

  private static boolean anyMatches(List<String> patterns, String action) {
    return patterns != null && patterns.stream().anyMatch(pattern -> matches(pattern, action));
  }

  private static boolean isForPrincipal(RoleAssignmentState assignment, String principalId) {
    return assignment.principalId() == null
        || principalId == null
        || assignment.principalId().strip().equalsIgnoreCase(principalId.strip());
  }

  private static String roleLabel(RoleDefinitionState role, RoleAssignmentState assignment) {
    String name =
        role.roleName() == null || role.roleName().isBlank() ? role.id() : role.roleName();
    return "'" + name + "' at scope " + assignment.scope();
  }

  private static String normalizeScope(String scope) {
    if (scope == null) {
      return "";
    }
    String trimmed = scope.strip().toLowerCase(Locale.ROOT);
    return trimmed.length() > 1 ? trimmed.replaceFirst("/+$", "") : trimmed;
  }
}
