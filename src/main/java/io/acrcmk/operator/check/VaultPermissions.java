package io.acrcmk.operator.check;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.snapshot.IdentityState;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import io.acrcmk.operator.azure.snapshot.RoleAssignmentState;
import io.acrcmk.operator.azure.snapshot.VaultState;
import io.acrcmk.operator.azure.snapshot.VaultState.AccessPolicy;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether the declared identity may get, wrap and unwrap the key: through an access policy
 * on vaults that use them, or through Azure RBAC role assignments. The declared identity is
 * checked, not another one the registry may use, because that is the identity the registry must
 * use. RegistryEncrypted reports the drift.
 */
final class VaultPermissions {

  private static final String TYPE = ConditionTypes.KEY_VAULT_ACCESSIBLE;
  private static final List<String> REQUIRED_KEY_PERMISSIONS =
      List.of("get", "wrapKey", "unwrapKey");

  private VaultPermissions() {}

  /**
   * The principal whose rights are checked, or the Unknown result saying why it is not known.
   *
   * @param objectId the principal (object) ID
   * @param unknown the Unknown result, or null when the principal is known
   */
  private record Principal(String objectId, CheckResult unknown) {}

  /** Returns a finding when the identity lacks key rights; the vault must have been found. */
  static Optional<CheckResult> check(CheckInput input) {
    Principal principal = principal(input);
    if (principal.unknown() != null) {
      return Optional.of(principal.unknown());
    }
    VaultState vault = input.snapshot().vault().valueOrNull();
    return usesRbac(vault)
        ? checkRoleAssignments(input, vault, principal.objectId())
        : checkAccessPolicies(input, vault, principal.objectId());
  }

  /** Returns whether the vault authorizes data access with Azure RBAC instead of policies. */
  static boolean usesRbac(VaultState vault) {
    return Boolean.TRUE.equals(vault.enableRbacAuthorization());
  }

  /** Returns the declared identity's principal ID, or null when it is not known. */
  static String principalId(CheckInput input) {
    return principal(input).objectId();
  }

  private static Principal principal(CheckInput input) {
    PolicyTarget target = input.target();
    String subject = RegistryIdentities.describeDeclared(target);
    String consequence = ", so its key rights on vault " + target.vault().name() + " are unknown";
    if (target.identityType() == IdentityType.UserAssigned && target.identity() != null) {
      Observed<IdentityState> identity = input.snapshot().identity();
      if (!identity.isFound()) {
        CheckResult unknown = UnknownResults.notFoundOrUnread(TYPE, identity, subject);
        return new Principal(null, withSuffix(unknown, consequence));
      }
      String objectId = identity.valueOrNull().principalId();
      return RegistryIdentities.isBlank(objectId)
          ? new Principal(
              null,
              CheckResult.unknown(
                  TYPE,
                  Reason.AzureResponseInvalid,
                  subject + " has no principal ID" + consequence))
          : new Principal(objectId.strip(), null);
    }
    Observed<RegistryState> registry = input.snapshot().registry();
    String registryLabel = "registry " + target.registry().name();
    if (!registry.isFound()) {
      CheckResult unknown = UnknownResults.notFoundOrUnread(TYPE, registry, registryLabel);
      return new Principal(null, withSuffix(unknown, consequence));
    }
    if (!RegistryIdentities.hasSystemAssigned(registry.valueOrNull())) {
      return new Principal(
          null,
          UnknownResults.dependencyNotReady(
              TYPE, registryLabel + " has no system-assigned identity" + consequence));
    }
    return new Principal(registry.valueOrNull().identity().principalId().strip(), null);
  }

  private static Optional<CheckResult> checkAccessPolicies(
      CheckInput input, VaultState vault, String principalId) {
    Set<String> held = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    boolean hasEntry = false;
    String staleTenant = null;
    for (AccessPolicy policy :
        vault.accessPolicies() == null ? List.<AccessPolicy>of() : vault.accessPolicies()) {
      // Entries with an application ID are compound identities: they apply only when that
      // application acts for the principal, which ACR never does.
      if (policy == null
          || !principalId.equalsIgnoreCase(String.valueOf(policy.objectId()).strip())
          || !RegistryIdentities.isBlank(policy.applicationId())) {
        continue;
      }
      // An entry left over from before a subscription moved tenants names the old tenant and
      // no longer authorizes the principal.
      if (!sameTenant(policy.tenantId(), vault.tenantId())) {
        staleTenant = policy.tenantId().strip();
        continue;
      }
      hasEntry = true;
      if (policy.keyPermissions() != null) {
        policy.keyPermissions().stream()
            .filter(p -> p != null)
            .map(String::strip)
            .forEach(held::add);
      }
    }
    if (held.contains("all")) {
      return Optional.empty();
    }
    List<String> missing =
        REQUIRED_KEY_PERMISSIONS.stream().filter(permission -> !held.contains(permission)).toList();
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    String vaultName = input.target().vault().name();
    String subject = subject(input, principalId);
    String finding =
        hasEntry
            ? "the access policy of "
                + subject
                + " in vault "
                + vaultName
                + " lacks the key permissions "
                + String.join(", ", missing)
            : "vault "
                + vaultName
                + " uses access policies and none grants "
                + subject
                + " the key permissions "
                + String.join(", ", missing);
    if (staleTenant != null) {
      finding +=
          " (an entry for it names tenant "
              + staleTenant
              + ", not the vault's tenant "
              + vault.tenantId().strip()
              + ")";
    }
    return Optional.of(
        CheckResult.failed(
            TYPE,
            Reason.AccessPolicyMissing,
            finding + "; grant them with: " + AzureFixes.setAccessPolicy(vaultName, principalId)));
  }

  /** Returns whether two tenant IDs agree; an absent one is taken to agree. */
  private static boolean sameTenant(String policyTenant, String vaultTenant) {
    return RegistryIdentities.isBlank(policyTenant)
        || RegistryIdentities.isBlank(vaultTenant)
        || policyTenant.strip().equalsIgnoreCase(vaultTenant.strip());
  }

  private static Optional<CheckResult> checkRoleAssignments(
      CheckInput input, VaultState vault, String principalId) {
    Observed<List<RoleAssignmentState>> assignments = input.snapshot().roleAssignments();
    String what = "role assignments of principal " + principalId;
    if (assignments instanceof Observed.Failed<?> || assignments instanceof Observed.Skipped<?>) {
      return Optional.of(UnknownResults.notFoundOrUnread(TYPE, assignments, what));
    }
    List<RoleAssignmentState> found = assignments.isFound() ? assignments.valueOrNull() : List.of();
    String vaultId = vault.id() == null ? input.target().vault().toString() : vault.id();
    RbacEvaluator.Evaluation evaluation =
        RbacEvaluator.evaluate(
            vaultId,
            input.target().keyName(),
            principalId,
            found,
            input.snapshot().roleDefinitions());
    if (evaluation.missing().isEmpty()) {
      return Optional.empty();
    }
    if (!evaluation.unreadRoles().isEmpty()) {
      RbacEvaluator.UnreadRole unread = evaluation.unreadRoles().get(0);
      String role = "role definition " + unread.roleDefinitionId();
      return Optional.of(
          unread.definition() == null
              ? UnknownResults.dependencyNotReady(TYPE, role + " was not read")
              : UnknownResults.notFoundOrUnread(TYPE, unread.definition(), role));
    }
    StringBuilder message =
        new StringBuilder("no role assignment grants ")
            .append(subject(input, principalId))
            .append(" the data actions ")
            .append(String.join(", ", evaluation.missing()))
            .append(" on key ")
            .append(input.target().keyName())
            .append(" in vault ")
            .append(input.target().vault().name());
    if (!evaluation.grantingRoles().isEmpty()) {
      message.append(" (granted so far by ").append(String.join(", ", evaluation.grantingRoles()));
      message.append(')');
    }
    if (!evaluation.controlPlaneOnlyRoles().isEmpty()) {
      message
          .append("; role ")
          .append(String.join(", ", evaluation.controlPlaneOnlyRoles()))
          .append(
              " lists key rights under actions instead of dataActions, which grants no data"
                  + " access");
    }
    message
        .append("; assign the built-in role with: ")
        .append(AzureFixes.assignCryptoRole(principalId, vaultId));
    return Optional.of(CheckResult.failed(TYPE, Reason.RoleAssignmentMissing, message.toString()));
  }

  /** Returns how the True message describes the grant: by Azure RBAC or by access policy. */
  static String grantDescription(VaultState vault) {
    return usesRbac(vault) ? "through Azure RBAC" : "through an access policy";
  }

  private static String subject(CheckInput input, String principalId) {
    return RegistryIdentities.describeDeclared(input.target()) + " (principal " + principalId + ")";
  }

  private static CheckResult withSuffix(CheckResult result, String suffix) {
    return new CheckResult(
        result.type(), result.status(), result.reason(), result.message() + suffix);
  }
}
