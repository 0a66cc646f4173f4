package io.acrcmk.operator.check;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.snapshot.IdentityState;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import io.acrcmk.operator.azure.snapshot.RegistryState.KeyVaultProperties;
import io.acrcmk.operator.azure.snapshot.RegistryState.UserAssignedIdentityRef;
import io.acrcmk.operator.azure.snapshot.VaultState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Sets IdentityHealthy: the declared identity exists, is attached to the registry, the registry
 * records its current principal ID, and identity, registry and vault share one tenant. Includes the
 * CMK_ERROR test of az acr check-health.
 */
public final class IdentityCheck implements ConditionCheck {

  private static final String TYPE = ConditionTypes.IDENTITY_HEALTHY;

  private static final List<CheckStep> STEPS =
      List.of(
          CheckStep.of("user-assigned identity exists", IdentityCheck::identityExists),
          CheckStep.of("registry was read", IdentityCheck::registryRead),
          CheckStep.of("declared identity is attached", IdentityCheck::declaredIdentityAttached),
          CheckStep.of(
              "encryption identity is attached", IdentityCheck::encryptionIdentityAttached),
          CheckStep.of("principal IDs agree", IdentityCheck::principalMatches),
          CheckStep.of("tenants agree", IdentityCheck::tenantsMatch));

  @Override
  public String conditionType() {
    return TYPE;
  }

  @Override
  public CheckResult evaluate(CheckInput input) {
    return CheckStep.firstFinding(STEPS, input).orElseGet(() -> healthy(input));
  }

  private static CheckResult healthy(CheckInput input) {
    String principal =
        isUserAssigned(input)
            ? input.snapshot().identity().valueOrNull().principalId()
            : registry(input).identity().principalId();
    return CheckResult.passed(
        TYPE,
        Reason.IdentityAssigned,
        RegistryIdentities.describeDeclared(input.target())
            + " (principal "
            + principal
            + ") is assigned to registry "
            + registryName(input));
  }

  static Optional<CheckResult> identityExists(CheckInput input) {
    if (!isUserAssigned(input)) {
      return Optional.empty();
    }
    PolicyTarget target = input.target();
    Observed<IdentityState> identity = input.snapshot().identity();
    if (!identity.isNotFound()) {
      return UnknownResults.unlessFound(TYPE, identity, "identity " + target.identity());
    }
    return failed(
        Reason.IdentityNotFound,
        "identity "
            + target.identity()
            + " not found; recreate it with: "
            + AzureFixes.createIdentity(target.identity())
            + ", grant it get, wrapKey and unwrapKey on key "
            + target.keyName()
            + ", then assign it with: "
            + AzureFixes.assignIdentity(registryName(input), target.identity().toString()));
  }

  static Optional<CheckResult> registryRead(CheckInput input) {
    return UnknownResults.unlessFound(
        TYPE, input.snapshot().registry(), "registry " + registryName(input));
  }

  static Optional<CheckResult> declaredIdentityAttached(CheckInput input) {
    RegistryState registry = registry(input);
    boolean attached =
        isUserAssigned(input)
            ? declaredEntry(input).isPresent()
            : RegistryIdentities.hasSystemAssigned(registry);
    if (attached) {
      return Optional.empty();
    }
    String what =
        isUserAssigned(input)
            ? RegistryIdentities.describeDeclared(input.target())
                + " is not assigned to registry "
                + registryName(input)
            : "registry " + registryName(input) + " has no system-assigned identity";
    return failed(
        Reason.IdentityNotAssigned,
        what
            + "; assign it with: "
            + AzureFixes.assignIdentity(
                registryName(input), AzureFixes.identityArgument(input.target())));
  }

  static Optional<CheckResult> encryptionIdentityAttached(CheckInput input) {
    RegistryState registry = registry(input);
    if (RegistryIdentities.encryptionIdentityAttached(registry)) {
      return Optional.empty();
    }
    KeyVaultProperties keyVault = RegistryIdentities.keyVaultProperties(registry);
    return failed(
        Reason.IdentityNotAssigned,
        "registry "
            + registryName(input)
            + " uses "
            + RegistryIdentities.describeInUse(keyVault)
            + " for its key vault, but that identity is not attached to it (az acr check-health"
            + " reports CMK_ERROR); switch to "
            + RegistryIdentities.describeDeclared(input.target())
            + " with: "
            + AzureFixes.rotateRegistryKey(
                registryName(input),
                AzureFixes.declaredKeyIdentifier(input),
                AzureFixes.identityArgument(input.target())));
  }

  static Optional<CheckResult> principalMatches(CheckInput input) {
    if (!isUserAssigned(input)) {
      return Optional.empty();
    }
    String current = input.snapshot().identity().valueOrNull().principalId();
    String recorded = declaredEntry(input).map(UserAssignedIdentityRef::principalId).orElse(null);
    if (RegistryIdentities.isBlank(current)
        || RegistryIdentities.isBlank(recorded)
        || current.strip().equalsIgnoreCase(recorded.strip())) {
      return Optional.empty();
    }
    String identityId = input.target().identity().toString();
    return failed(
        Reason.IdentityPrincipalMismatch,
        "registry "
            + registryName(input)
            + " records principal "
            + recorded.strip()
            + " for identity "
            + identityId
            + ", but the identity's principal is now "
            + current.strip()
            + ", so it was probably deleted and recreated under the same name; assign it again"
            + " with: "
            + AzureFixes.assignIdentity(registryName(input), identityId)
            + ", and grant principal "
            + current.strip()
            + " its key rights");
  }

  static Optional<CheckResult> tenantsMatch(CheckInput input) {
    Map<String, String> tenants = tenantsByResource(input);
    if (tenants.values().stream().distinct().count() <= 1) {
      return Optional.empty();
    }

    StringBuilder message = new StringBuilder("tenants differ:");
    tenants.forEach(
        (label, tenant) ->
            message.append(' ').append(label).append(" is in tenant ").append(tenant).append(','));
    message.setLength(message.length() - 1);

    String identityTenant = tenants.values().iterator().next();
    String vaultTenant = tenants.get(vaultLabel(input));
    if (vaultTenant != null && !vaultTenant.equals(identityTenant)) {
      message
          .append(
              "; after a subscription moved tenants, point the vault at the identity's tenant"
                  + " with: ")
          .append(AzureFixes.setVaultTenant(input.target().vault().name(), identityTenant))
          .append(", then grant the identity its key rights again");
    } else if (isUserAssigned(input)) {
      message
          .append("; recreate the identity in the registry's tenant with: ")
          .append(AzureFixes.createIdentity(input.target().identity()))
          .append(", then assign it with: ")
          .append(
              AzureFixes.assignIdentity(registryName(input), input.target().identity().toString()));
    }
    return failed(Reason.TenantMismatch, message.toString());
  }

  /**
   * Returns the known tenant of each resource, keyed by how messages name it. The identity comes
   * first, because the fix moves the other resources to its tenant.
   */
  private static Map<String, String> tenantsByResource(CheckInput input) {
    Map<String, String> tenants = new LinkedHashMap<>();
    IdentityState identity = input.snapshot().identity().valueOrNull();
    if (isUserAssigned(input) && identity != null) {
      putTenant(tenants, "identity " + input.target().identity(), identity.tenantId());
    }
    RegistryState registry = registry(input);
    if (registry.identity() != null) {
      putTenant(
          tenants,
          "the identity of registry " + registryName(input),
          registry.identity().tenantId());
    }
    VaultState vault = input.snapshot().vault().valueOrNull();
    if (vault != null) {
      putTenant(tenants, vaultLabel(input), vault.tenantId());
    }
    return tenants;
  }

  private static String vaultLabel(CheckInput input) {
    return "vault " + input.target().vault().name();
  }

  private static void putTenant(Map<String, String> tenants, String label, String tenantId) {
    if (!RegistryIdentities.isBlank(tenantId)) {
      tenants.put(label, tenantId.strip().toLowerCase(Locale.ROOT));
    }
  }

  private static Optional<UserAssignedIdentityRef> declaredEntry(CheckInput input) {
    IdentityState identity = input.snapshot().identity().valueOrNull();
    return RegistryIdentities.declaredEntry(
        registry(input), input.target(), identity == null ? null : identity.clientId());
  }

  private static boolean isUserAssigned(CheckInput input) {
    return input.target().identityType() == IdentityType.UserAssigned
        && input.target().identity() != null;
  }

  private static Optional<CheckResult> failed(Reason reason, String message) {
    return Optional.of(CheckResult.failed(TYPE, reason, message));
  }

  private static RegistryState registry(CheckInput input) {
    return input.snapshot().registry().valueOrNull();
  }

  private static String registryName(CheckInput input) {
    return input.target().registry().name();
  }
}
