package io.acrcmk.operator.check;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.azure.ResourceId;
import io.acrcmk.operator.azure.snapshot.DeletedVaultState;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import io.acrcmk.operator.azure.snapshot.RegistryState.KeyVaultProperties;
import io.acrcmk.operator.azure.snapshot.VaultState;
import java.util.List;
import java.util.Optional;

/**
 * Sets KeyVaultAccessible: the vault exists, the registry's key identifier points at it, its
 * network lets ACR in, and the declared identity may get, wrap and unwrap the key. Everything is
 * read through ARM, which the vault firewall does not filter, so the operator's own network
 * position never decides this condition.
 */
public final class KeyVaultAccessCheck implements ConditionCheck {

  private static final String TYPE = ConditionTypes.KEY_VAULT_ACCESSIBLE;

  private static final List<CheckStep> STEPS =
      List.of(
          CheckStep.of("vault exists", KeyVaultAccessCheck::vaultExists),
          CheckStep.of("key identifier names the vault", KeyVaultAccessCheck::vaultUriMatches),
          CheckStep.of("public network access", VaultNetworkRules::publicNetworkAccess),
          CheckStep.of("trusted services bypass", VaultNetworkRules::trustedServicesBypass),
          CheckStep.of(
              "identity type passes the firewall",
              VaultNetworkRules::userAssignedIdentityBehindFirewall),
          CheckStep.of("identity holds key rights", VaultPermissions::check),
          // A warning only, so it runs last and never hides an error of the steps above.
          CheckStep.of("private endpoints approved", VaultNetworkRules::privateEndpointsApproved));

  @Override
  public String conditionType() {
    return TYPE;
  }

  @Override
  public CheckResult evaluate(CheckInput input) {
    return CheckStep.firstFinding(STEPS, input).orElseGet(() -> accessible(input));
  }

  private static CheckResult accessible(CheckInput input) {
    VaultState vault = input.snapshot().vault().valueOrNull();
    return CheckResult.passed(
        TYPE,
        Reason.VaultAccessible,
        "vault "
            + input.target().vault().name()
            + " lets ACR through its network and grants "
            + RegistryIdentities.describeDeclared(input.target())
            + " (principal "
            + VaultPermissions.principalId(input)
            + ") get, wrapKey and unwrapKey on key "
            + input.target().keyName()
            + " "
            + VaultPermissions.grantDescription(vault));
  }

  static Optional<CheckResult> vaultExists(CheckInput input) {
    Observed<VaultState> vault = input.snapshot().vault();
    ResourceId declared = input.target().vault();
    if (!vault.isNotFound()) {
      return UnknownResults.unlessFound(TYPE, vault, "vault " + declared.name());
    }
    Observed<DeletedVaultState> deleted = input.snapshot().deletedVault();
    if (deleted instanceof Observed.Found<DeletedVaultState> found) {
      DeletedVaultState state = found.value();
      return failed(
          Reason.VaultSoftDeleted,
          "vault "
              + declared.name()
              + " was deleted"
              + (state.deletionDate() == null ? "" : " on " + state.deletionDate())
              + " and can be recovered"
              + (state.scheduledPurgeDate() == null ? "" : " until " + state.scheduledPurgeDate())
              + "; recover it with: "
              + AzureFixes.recoverVault(declared.name()));
    }
    String message =
        "vault "
            + declared.name()
            + " not found in resource group "
            + declared.resourceGroup()
            + " of subscription "
            + declared.subscriptionId();
    if (deleted instanceof Observed.Failed<DeletedVaultState> failed) {
      message +=
          "; whether it is soft-deleted is unknown because "
              + UnknownResults.describe(failed.failure());
    } else {
      message +=
          " nor among the deleted vaults, so it was purged or never existed; check"
              + " spec.keyVault.resourceId";
    }
    return failed(Reason.VaultNotFound, message);
  }

  static Optional<CheckResult> vaultUriMatches(CheckInput input) {
    if (input.snapshot().registry() instanceof Observed.Failed<RegistryState> failed) {
      return Optional.of(
          UnknownResults.fromFailure(
              TYPE, "registry " + input.target().registry().name(), failed.failure()));
    }
    RegistryState registry = input.snapshot().registry().valueOrNull();
    KeyVaultProperties keyVault = RegistryIdentities.keyVaultProperties(registry);
    if (keyVault == null) {
      // A missing registry, or one without a customer-managed key, names no vault to compare.
      // RegistryEncrypted reports both.
      return Optional.empty();
    }
    VaultState vault = input.snapshot().vault().valueOrNull();
    KeyIdentifier.ParseResult parsed = KeyIdentifier.parse(keyVault.keyIdentifier());
    String problem;
    if (!parsed.isValid()) {
      problem =
          "has key identifier '"
              + keyVault.keyIdentifier()
              + "', which is invalid because "
              + parsed.problem()
              + ", so ACR cannot locate vault "
              + input.target().vault().name();
    } else if (!sameVault(parsed.identifier(), vault, input.target().vault().name())) {
      problem =
          "points at vault host "
              + parsed.identifier().host()
              + " (key identifier "
              + parsed.identifier()
              + "), but vault "
              + input.target().vault().name()
              + " is at "
              + vault.vaultUri();
    } else {
      return Optional.empty();
    }
    return failed(
        Reason.VaultUriMismatch,
        "registry "
            + input.target().registry().name()
            + " "
            + problem
            + "; point it at the vault with: "
            + AzureFixes.rotateRegistryKey(
                input.target().registry().name(),
                AzureFixes.declaredKeyIdentifier(input),
                AzureFixes.identityArgument(input.target())));
  }

  /** Compares with vaultUri; when ARM sent none, with the vault name the host starts with. */
  private static boolean sameVault(KeyIdentifier identifier, VaultState vault, String vaultName) {
    if (RegistryIdentities.isBlank(vault.vaultUri())) {
      return identifier.vaultName().equalsIgnoreCase(vaultName);
    }
    return identifier.isInVault(vault.vaultUri());
  }

  private static Optional<CheckResult> failed(Reason reason, String message) {
    return Optional.of(CheckResult.failed(TYPE, reason, message));
  }
}
