package io.acrcmk.operator.check;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import io.acrcmk.operator.azure.snapshot.RegistryState.KeyVaultProperties;
import io.acrcmk.operator.azure.snapshot.VaultState;
import io.acrcmk.operator.azure.snapshot.VaultState.NetworkAcls;
import io.acrcmk.operator.azure.snapshot.VaultState.PrivateEndpointConnection;
import java.util.Optional;

/**
 * Decides whether the vault's network settings let ACR reach the key. ACR is a Key Vault trusted
 * service for customer-managed keys, so it passes the vault firewall only through the trusted
 * services bypass: it never uses the customer's private endpoints, and IP or subnet rules cannot
 * name it. Each step expects the vault to have been found.
 */
final class VaultNetworkRules {

  private static final String TYPE = ConditionTypes.KEY_VAULT_ACCESSIBLE;

  private VaultNetworkRules() {}

  /**
   * Returns a finding when public network access is disabled and trusted services may not bypass
   * it. With the bypass on, Key Vault still admits trusted services such as ACR, so disabled public
   * access alone is no fault.
   */
  static Optional<CheckResult> publicNetworkAccess(CheckInput input) {
    VaultState vault = vault(input);
    if (!publicAccessDisabled(vault) || bypassesTrustedServices(vault)) {
      return Optional.empty();
    }
    return failed(
        Reason.PublicNetworkAccessDisabled,
        "vault "
            + input.target().vault().name()
            + " has public network access disabled and does not let trusted Azure services"
            + " through, and ACR does not reach a vault through its private endpoints; let"
            + " trusted services through with: "
            + AzureFixes.enableTrustedServicesBypass(input.target().vault().name())
            + ", or allow public access with: "
            + AzureFixes.enablePublicNetworkAccess(input.target().vault().name()));
  }

  /** Returns a finding when the firewall denies by default and does not let ACR through. */
  static Optional<CheckResult> trustedServicesBypass(CheckInput input) {
    VaultState vault = vault(input);
    if (!deniesByDefault(vault) || bypassesTrustedServices(vault)) {
      return Optional.empty();
    }
    return failed(
        Reason.TrustedServicesBypassDisabled,
        "vault "
            + input.target().vault().name()
            + " denies network access by default and its bypass is "
            + vault.networkAcls().bypass()
            + ", so ACR cannot reach key "
            + input.target().keyName()
            + "; let trusted Azure services through with: "
            + AzureFixes.enableTrustedServicesBypass(input.target().vault().name()));
  }

  /**
   * Returns a finding when a firewalled vault serves a registry that encrypts with a user-assigned
   * identity. Field reports show the trusted-services exception admitting a registry's
   * system-assigned identity but refusing a user-assigned one even with the bypass on.
   */
  static Optional<CheckResult> userAssignedIdentityBehindFirewall(CheckInput input) {
    // NOTE: no official Azure document states this rule. It comes from field reports, so the
    // message calls it "reported".
    VaultState vault = vault(input);
    if (!deniesByDefault(vault) && !publicAccessDisabled(vault)) {
      return Optional.empty();
    }
    if (!encryptsWithUserAssignedIdentity(input)) {
      return Optional.empty();
    }
    String registry = input.target().registry().name();
    String restriction =
        publicAccessDisabled(vault) ? "public network access disabled" : "default action Deny";
    return failed(
        Reason.UserAssignedIdentityBehindFirewall,
        "vault "
            + input.target().vault().name()
            + " restricts network access ("
            + restriction
            + ") and registry "
            + registry
            + " reaches it with a user-assigned identity, but the trusted-services exception is"
            + " reported to admit a registry only with its system-assigned identity; move"
            + " encryption to the system identity with: "
            + AzureFixes.assignIdentity(registry, AzureFixes.SYSTEM_IDENTITY_ARGUMENT)
            + ", grant it get, wrapKey and unwrapKey, run: "
            + AzureFixes.rotateRegistryKey(
                registry,
                AzureFixes.declaredKeyIdentifier(input),
                AzureFixes.SYSTEM_IDENTITY_ARGUMENT)
            + ", and set spec.identity.type to SystemAssigned");
  }

  /** Returns a warning when a private endpoint connection of the vault is not approved. */
  static Optional<CheckResult> privateEndpointsApproved(CheckInput input) {
    VaultState vault = vault(input);
    if (vault.privateEndpointConnections() == null) {
      return Optional.empty();
    }
    for (PrivateEndpointConnection connection : vault.privateEndpointConnections()) {
      if (connection == null
          || RegistryIdentities.isBlank(connection.status())
          || "Approved".equalsIgnoreCase(connection.status().strip())) {
        continue;
      }
      return failed(
          Reason.PrivateEndpointNotApproved,
          "private endpoint connection "
              + connection.id()
              + " of vault "
              + input.target().vault().name()
              + " is "
              + connection.status().strip()
              + ", so clients on that endpoint cannot reach the vault; approve it with: "
              + AzureFixes.approvePrivateEndpoint(connection.id()));
    }
    return Optional.empty();
  }

  /**
   * Returns whether trusted Azure services may bypass the firewall. An absent {@code networkAcls}
   * or {@code bypass} means the service default, AzureServices.
   */
  static boolean bypassesTrustedServices(VaultState vault) {
    NetworkAcls acls = vault.networkAcls();
    if (acls == null || RegistryIdentities.isBlank(acls.bypass())) {
      return true;
    }
    for (String option : acls.bypass().split(",")) {
      if ("AzureServices".equalsIgnoreCase(option.strip())) {
        return true;
      }
    }
    return false;
  }

  private static boolean deniesByDefault(VaultState vault) {
    return vault.networkAcls() != null
        && "Deny".equalsIgnoreCase(String.valueOf(vault.networkAcls().defaultAction()).strip());
  }

  private static boolean publicAccessDisabled(VaultState vault) {
    return "Disabled".equalsIgnoreCase(String.valueOf(vault.publicNetworkAccess()).strip());
  }

  /**
   * Returns whether the registry reaches the vault with a user-assigned identity: the identity in
   * its encryption settings when it has them, else the identity the policy declares.
   */
  private static boolean encryptsWithUserAssignedIdentity(CheckInput input) {
    RegistryState registry = input.snapshot().registry().valueOrNull();
    KeyVaultProperties keyVault = RegistryIdentities.keyVaultProperties(registry);
    if (keyVault != null && !RegistryIdentities.isBlank(keyVault.identity())) {
      return !keyVault.usesSystemIdentity();
    }
    return input.target().identityType() == IdentityType.UserAssigned;
  }

  private static VaultState vault(CheckInput input) {
    return input.snapshot().vault().valueOrNull();
  }

  private static Optional<CheckResult> failed(Reason reason, String message) {
    return Optional.of(CheckResult.failed(TYPE, reason, message));
  }
}
