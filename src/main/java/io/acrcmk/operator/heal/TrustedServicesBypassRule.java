package io.acrcmk.operator.heal;

import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import io.acrcmk.operator.azure.snapshot.RegistryState.KeyVaultProperties;
import io.acrcmk.operator.check.CheckInput;
import io.acrcmk.operator.check.CheckResult;
import java.util.Optional;

/**
 * EnableTrustedServicesBypass: sets the vault's networkAcls.bypass to AzureServices (az keyvault
 * update --bypass AzureServices). It repairs TrustedServicesBypassDisabled, and
 * PublicNetworkAccessDisabled, which the bypass also lets ACR through. The trusted-services
 * exception is reported to admit a registry only with its system-assigned identity, so for a
 * registry that encrypts with a user-assigned identity the bypass would only turn the finding into
 * UserAssignedIdentityBehindFirewall, and the action is not taken.
 */
final class TrustedServicesBypassRule implements HealRule {

  @Override
  public HealAction action() {
    return HealAction.EnableTrustedServicesBypass;
  }

  @Override
  public boolean repairs(Reason reason) {
    return reason == Reason.TrustedServicesBypassDisabled
        || reason == Reason.PublicNetworkAccessDisabled;
  }

  @Override
  public Optional<String> obstacle(CheckInput input, CheckResult finding) {
    if (!input.snapshot().vault().isFound()) {
      return Optional.of("vault " + input.target().vault().name() + " could not be read");
    }
    if (!encryptsWithUserAssignedIdentity(input)) {
      return Optional.empty();
    }
    return Optional.of(
        "registry "
            + input.target().registry().name()
            + " reaches vault "
            + input.target().vault().name()
            + " with a user-assigned identity, and the trusted-services exception is reported to"
            + " admit a registry only with its system-assigned identity, so the bypass would leave"
            + " the registry shut out ("
            + Reason.UserAssignedIdentityBehindFirewall
            + "); move encryption to the system-assigned identity first");
  }

  @Override
  public String change(CheckInput input) {
    String vault = input.target().vault().name();
    return "set networkAcls.bypass of vault "
        + vault
        + " to AzureServices, keeping its default action, IP rules, virtual network rules, access"
        + " policies and tags (az keyvault update --name "
        + vault
        + " --bypass AzureServices)";
  }

  /**
   * Returns whether the registry reaches the vault with a user-assigned identity: the identity in
   * its encryption settings when it has them, else the identity the policy declares.
   */
  private static boolean encryptsWithUserAssignedIdentity(CheckInput input) {
    RegistryState registry = input.snapshot().registry().valueOrNull();
    KeyVaultProperties keyVault =
        registry == null || registry.encryption() == null ? null : registry.encryption().keyVault();
    if (keyVault != null && keyVault.identity() != null && !keyVault.identity().isBlank()) {
      return !keyVault.usesSystemIdentity();
    }
    return input.target().identityType() == IdentityType.UserAssigned;
  }
}
