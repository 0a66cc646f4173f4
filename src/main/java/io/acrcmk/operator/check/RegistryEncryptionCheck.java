package io.acrcmk.operator.check;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.snapshot.IdentityState;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import io.acrcmk.operator.azure.snapshot.RegistryState.Encryption;
import io.acrcmk.operator.azure.snapshot.RegistryState.KeyVaultProperties;
import io.acrcmk.operator.azure.snapshot.RegistryState.UserAssignedIdentityRef;
import java.util.List;
import java.util.Optional;

/**
 * Sets RegistryEncrypted: the registry exists, is Premium, and is encrypted with the declared key
 * and identity. Differences from the policy are drift findings, never errors of the checker.
 */
public final class RegistryEncryptionCheck implements ConditionCheck {

  private static final String TYPE = ConditionTypes.REGISTRY_ENCRYPTED;

  private static final List<CheckStep> STEPS =
      List.of(
          CheckStep.of("registry exists", RegistryEncryptionCheck::registryExists),
          CheckStep.of("registry is Premium", RegistryEncryptionCheck::skuIsPremium),
          CheckStep.of("customer-managed key is on", RegistryEncryptionCheck::encryptionEnabled),
          CheckStep.of("key is the declared key", RegistryKeyComparison::keyMatches),
          CheckStep.of("identity is the declared one", RegistryEncryptionCheck::identityMatches));

  @Override
  public String conditionType() {
    return TYPE;
  }

  @Override
  public CheckResult evaluate(CheckInput input) {
    return CheckStep.firstFinding(STEPS, input).orElseGet(() -> encrypted(input));
  }

  private static CheckResult encrypted(CheckInput input) {
    KeyVaultProperties keyVault = keyVault(input);
    return CheckResult.passed(
        TYPE,
        Reason.Encrypted,
        "registry "
            + registryName(input)
            + " is encrypted with key "
            + keyVault.keyIdentifier().strip()
            + " using "
            + RegistryIdentities.describeDeclared(input.target()));
  }

  static Optional<CheckResult> registryExists(CheckInput input) {
    Observed<RegistryState> registry = input.snapshot().registry();
    if (!registry.isNotFound()) {
      return UnknownResults.unlessFound(TYPE, registry, "registry " + registryName(input));
    }
    PolicyTarget target = input.target();
    String message =
        "registry "
            + target.registry().name()
            + " not found in resource group "
            + target.registry().resourceGroup()
            + " of subscription "
            + target.registry().subscriptionId()
            + "; check spec.registry.resourceId";
    if (target.identityType() == IdentityType.UserAssigned) {
      message += ", or create it with: " + createCommand(input);
    }
    return failed(Reason.RegistryNotFound, message);
  }

  static Optional<CheckResult> skuIsPremium(CheckInput input) {
    String sku = registry(input).skuName();
    if ("Premium".equalsIgnoreCase(sku)) {
      return Optional.empty();
    }
    return failed(
        Reason.SkuNotPremium,
        "registry "
            + registryName(input)
            + (RegistryIdentities.isBlank(sku) ? " has no SKU" : " has SKU " + sku.strip())
            + ", but customer-managed keys need Premium; upgrade it with: "
            + AzureFixes.updateSku(registryName(input)));
  }

  static Optional<CheckResult> encryptionEnabled(CheckInput input) {
    Encryption encryption = registry(input).encryption();
    String state;
    if (encryption == null) {
      state = "has no encryption settings";
    } else if (!encryption.enabled()) {
      state =
          "has encryption status "
              + (RegistryIdentities.isBlank(encryption.status()) ? "(none)" : encryption.status());
    } else if (encryption.keyVault() == null) {
      state = "has encryption status enabled but no key vault properties";
    } else {
      return Optional.empty();
    }
    return failed(
        Reason.EncryptionDisabled,
        "registry "
            + registryName(input)
            + " "
            + state
            + ", so it does not use a customer-managed key; ACR turns customer-managed keys on"
            + " only when a registry is created, so create a new one with: "
            + createCommand(input));
  }

  static Optional<CheckResult> identityMatches(CheckInput input) {
    PolicyTarget target = input.target();
    KeyVaultProperties keyVault = keyVault(input);
    if (target.identityType() == IdentityType.SystemAssigned) {
      return keyVault.usesSystemIdentity() ? Optional.empty() : identityDrift(input, keyVault, "");
    }
    if (keyVault.usesSystemIdentity()) {
      return identityDrift(input, keyVault, "");
    }
    String declaredClientId = declaredClientId(input);
    if (declaredClientId == null) {
      return Optional.of(clientIdUnknown(input, keyVault));
    }
    String usedClientId = keyVault.identity() == null ? "" : keyVault.identity().strip();
    if (declaredClientId.equalsIgnoreCase(usedClientId)) {
      return Optional.empty();
    }
    return identityDrift(input, keyVault, " (client ID " + declaredClientId + ")");
  }

  private static CheckResult clientIdUnknown(CheckInput input, KeyVaultProperties keyVault) {
    String identity = "identity " + input.target().identity();
    if (input.snapshot().identity() instanceof Observed.Failed<IdentityState> failed) {
      return UnknownResults.fromFailure(TYPE, identity, failed.failure());
    }
    return UnknownResults.dependencyNotReady(
        TYPE,
        identity
            + " not found, so its client ID cannot be compared with "
            + RegistryIdentities.describeInUse(keyVault)
            + " that registry "
            + registryName(input)
            + " uses");
  }

  /**
   * Returns the declared identity's client ID: from the identity itself, or else from the
   * registry's entry for it. Returns null when neither is known.
   */
  private static String declaredClientId(CheckInput input) {
    IdentityState identity = input.snapshot().identity().valueOrNull();
    if (identity != null && !RegistryIdentities.isBlank(identity.clientId())) {
      return identity.clientId().strip();
    }
    return RegistryIdentities.declaredEntry(registry(input), input.target(), null)
        .map(UserAssignedIdentityRef::clientId)
        .filter(clientId -> !RegistryIdentities.isBlank(clientId))
        .map(String::strip)
        .orElse(null);
  }

  private static Optional<CheckResult> identityDrift(
      CheckInput input, KeyVaultProperties keyVault, String declaredDetail) {
    return failed(
        Reason.IdentityDrift,
        "registry "
            + registryName(input)
            + " uses "
            + RegistryIdentities.describeInUse(keyVault)
            + " for its key vault, but the policy declares "
            + RegistryIdentities.describeDeclared(input.target())
            + declaredDetail
            + "; switch to it with: "
            + rotateCommand(input));
  }

  static String rotateCommand(CheckInput input) {
    return AzureFixes.rotateRegistryKey(
        registryName(input),
        AzureFixes.declaredKeyIdentifier(input),
        AzureFixes.identityArgument(input.target()));
  }

  /** Returns the create command; ACR needs a user-assigned identity when CMK is set at creation. */
  private static String createCommand(CheckInput input) {
    PolicyTarget target = input.target();
    return AzureFixes.createRegistry(
        target.registry(),
        target.identityType() == IdentityType.UserAssigned ? target.identity() : null,
        AzureFixes.declaredKeyIdentifier(input));
  }

  static Optional<CheckResult> failed(Reason reason, String message) {
    return Optional.of(CheckResult.failed(TYPE, reason, message));
  }

  private static RegistryState registry(CheckInput input) {
    return input.snapshot().registry().valueOrNull();
  }

  static KeyVaultProperties keyVault(CheckInput input) {
    return RegistryIdentities.keyVaultProperties(registry(input));
  }

  static String registryName(CheckInput input) {
    return input.target().registry().name();
  }
}
