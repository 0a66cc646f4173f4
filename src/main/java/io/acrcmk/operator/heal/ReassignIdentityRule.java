package io.acrcmk.operator.heal;

import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.snapshot.IdentityState;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import io.acrcmk.operator.azure.snapshot.RegistryState.RegistryIdentity;
import io.acrcmk.operator.azure.snapshot.RegistryState.UserAssignedIdentityRef;
import io.acrcmk.operator.check.CheckInput;
import io.acrcmk.operator.check.CheckResult;
import java.util.List;
import java.util.Optional;

/**
 * ReassignIdentity: attaches the declared identity to the registry again (az acr identity assign).
 * It repairs IdentityNotAssigned when the declared identity is the one missing. When the declared
 * identity is attached and the registry encrypts with another one, attaching changes nothing.
 */
final class ReassignIdentityRule implements HealRule {

  @Override
  public HealAction action() {
    return HealAction.ReassignIdentity;
  }

  @Override
  public boolean repairs(Reason reason) {
    return reason == Reason.IdentityNotAssigned;
  }

  @Override
  public Optional<String> obstacle(CheckInput input, CheckResult finding) {
    RegistryState registry = input.snapshot().registry().valueOrNull();
    if (registry == null) {
      return Optional.of("registry " + registryName(input) + " could not be read");
    }
    if (userAssigned(input.target()) && !input.snapshot().identity().isFound()) {
      return Optional.of("identity " + input.target().identity() + " could not be read");
    }
    if (declaredAttached(input, registry)) {
      return Optional.of(
          "the declared identity is attached already; the registry encrypts with an identity the"
              + " policy does not declare, which this action never attaches, so move encryption"
              + " to the declared identity with az acr encryption rotate-key");
    }
    return Optional.empty();
  }

  @Override
  public String change(CheckInput input) {
    PolicyTarget target = input.target();
    if (!userAssigned(target)) {
      return "enable the system-assigned identity of registry "
          + registryName(input)
          + " (az acr identity assign -n "
          + registryName(input)
          + " --identities [system]); it gets a new principal ID, which needs get, wrapKey and"
          + " unwrapKey on the key";
    }
    return "attach identity "
        + target.identity()
        + " to registry "
        + registryName(input)
        + ", keeping every identity attached now (az acr identity assign -n "
        + registryName(input)
        + " --identities "
        + target.identity()
        + ")";
  }

  private static boolean declaredAttached(CheckInput input, RegistryState registry) {
    RegistryIdentity identity = registry.identity();
    if (identity == null) {
      return false;
    }
    if (!userAssigned(input.target())) {
      return identity.hasSystemAssigned()
          && identity.principalId() != null
          && !identity.principalId().isBlank();
    }
    boolean typeExcludesUserAssigned =
        identity.type() != null
            && !identity.type().isEmpty()
            && identity.type().stream().noneMatch("UserAssigned"::equalsIgnoreCase);
    List<UserAssignedIdentityRef> entries =
        identity.userAssignedIdentities() == null || typeExcludesUserAssigned
            ? List.of()
            : identity.userAssignedIdentities();
    IdentityState declared = input.snapshot().identity().valueOrNull();
    String clientId = declared == null ? null : declared.clientId();
    return entries.stream()
        .filter(entry -> entry != null)
        .anyMatch(
            entry ->
                input.target().identity().sameAs(entry.resourceId())
                    || (clientId != null && clientId.equalsIgnoreCase(entry.clientId())));
  }

  private static boolean userAssigned(PolicyTarget target) {
    return target.identityType() == IdentityType.UserAssigned && target.identity() != null;
  }

  private static String registryName(CheckInput input) {
    return input.target().registry().name();
  }
}
