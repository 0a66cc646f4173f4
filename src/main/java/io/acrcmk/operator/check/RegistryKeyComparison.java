package io.acrcmk.operator.check;

import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.snapshot.VaultState;
import java.util.Optional;

/**
 * The RegistryEncrypted step that compares the registry's key identifier with the declared vault,
 * key and pinned version. A malformed identifier is drift, not an error of the checker.
 */
final class RegistryKeyComparison {

  private RegistryKeyComparison() {}

  static Optional<CheckResult> keyMatches(CheckInput input) {
    String configured = RegistryEncryptionCheck.keyVault(input).keyIdentifier();
    KeyIdentifier.ParseResult parsed = KeyIdentifier.parse(configured);
    String problem;
    if (!parsed.isValid()) {
      problem =
          "has key identifier '" + configured + "', which is invalid because " + parsed.problem();
    } else {
      problem = keyDifference(input, parsed.identifier());
    }
    if (problem == null) {
      return Optional.empty();
    }
    return RegistryEncryptionCheck.failed(
        Reason.KeyDrift,
        "registry "
            + RegistryEncryptionCheck.registryName(input)
            + " "
            + problem
            + "; set the declared key with: "
            + RegistryEncryptionCheck.rotateCommand(input));
  }

  /** Returns how the registry's key differs from the declared one, or null when it does not. */
  private static String keyDifference(CheckInput input, KeyIdentifier used) {
    PolicyTarget target = input.target();
    VaultState vault = input.snapshot().vault().valueOrNull();
    boolean sameVault =
        vault != null && !RegistryIdentities.isBlank(vault.vaultUri())
            ? used.isInVault(vault.vaultUri())
            : used.vaultName().equalsIgnoreCase(target.vault().name());
    if (!sameVault) {
      return "uses key "
          + used
          + " in vault host "
          + used.host()
          + ", but the policy declares vault "
          + target.vault().name()
          + (vault == null ? "" : " at " + vault.vaultUri());
    }
    if (!used.namesKey(target.keyName())) {
      return "uses key "
          + used.keyName()
          + " ("
          + used
          + "), but the policy declares key "
          + target.keyName();
    }
    String pinned = target.keyVersion();
    if (pinned != null && !used.isVersioned()) {
      return "follows the latest version of key "
          + used.keyName()
          + ", but the policy pins version "
          + pinned;
    }
    if (pinned != null && !pinned.equals(used.version())) {
      return "is pinned to version "
          + used.version()
          + " of key "
          + used.keyName()
          + ", but the policy pins version "
          + pinned;
    }
    if (pinned == null && used.isVersioned()) {
      return "is pinned to version "
          + used.version()
          + " of key "
          + used.keyName()
          + ", but the policy declares the versionless key, so the registry will not follow new"
          + " key versions";
    }
    return null;
  }
}
