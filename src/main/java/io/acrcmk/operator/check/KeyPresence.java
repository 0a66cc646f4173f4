package io.acrcmk.operator.check;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.snapshot.DeletedKeyState;
import io.acrcmk.operator.azure.snapshot.KeyState;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import java.util.Optional;

/**
 * The KeyUsable steps that find the key and the versions to check: the key exists or is
 * soft-deleted, and the pinned version and the version in use exist.
 */
final class KeyPresence {

  private static final String TYPE = ConditionTypes.KEY_USABLE;

  private KeyPresence() {}

  static Optional<CheckResult> vaultExists(CheckInput input) {
    if (!input.snapshot().vault().isNotFound()) {
      return Optional.empty();
    }
    return Optional.of(
        UnknownResults.dependencyNotReady(
            TYPE,
            "vault "
                + vaultName(input)
                + " not found, so key "
                + input.target().keyName()
                + " cannot be checked"));
  }

  static Optional<CheckResult> keyExists(CheckInput input) {
    Observed<KeyState> key = input.snapshot().key();
    String keyName = input.target().keyName();
    if (!key.isNotFound()) {
      return UnknownResults.unlessFound(
          TYPE, key, "key " + keyName + " in vault " + vaultName(input));
    }
    Observed<DeletedKeyState> deleted = input.snapshot().deletedKey();
    if (deleted instanceof Observed.Found<DeletedKeyState> found) {
      DeletedKeyState state = found.value();
      return failed(
          Reason.KeySoftDeleted,
          "key "
              + keyName
              + " in vault "
              + vaultName(input)
              + " was deleted"
              + (state.deletedDate() == null ? "" : " at " + state.deletedDate())
              + " and can be recovered"
              + (state.scheduledPurgeDate() == null ? "" : " until " + state.scheduledPurgeDate())
              + "; recover it with: "
              + AzureFixes.recoverKey(vaultName(input), keyName));
    }
    String message = "key " + keyName + " not found in vault " + vaultName(input);
    if (deleted instanceof Observed.Failed<DeletedKeyState> failed) {
      // ARM's 404 is a fact. Only the soft-delete state is unknown, and that depends on the
      // operator's own data-plane access, not on the registry's.
      ReadFailure failure = failed.failure();
      message +=
          "; whether it is soft-deleted is unknown because " + UnknownResults.describe(failure);
    } else {
      message +=
          " nor among its deleted keys, so it was purged or never existed; check spec.key.name,"
              + " or create it with: "
              + AzureFixes.createRsaKeyVersion(vaultName(input), keyName);
    }
    return failed(Reason.KeyNotFound, message);
  }

  static Optional<CheckResult> registryRead(CheckInput input) {
    // A failed registry read leaves the version in use unknown. A missing registry does not,
    // because the pinned or current version is then the one to check.
    if (input.snapshot().registry() instanceof Observed.Failed<?> failed) {
      return Optional.of(
          UnknownResults.fromFailure(
              TYPE, "registry " + input.target().registry().name(), failed.failure()));
    }
    return Optional.empty();
  }

  static Optional<CheckResult> pinnedVersionExists(CheckInput input) {
    PolicyTarget target = input.target();
    if (target.keyVersion() == null) {
      return Optional.empty();
    }
    Observed<KeyState> pinned = KeyVersions.find(input, target.keyVersion());
    if (!pinned.isNotFound()) {
      return UnknownResults.unlessFound(
          TYPE, pinned, "version " + target.keyVersion() + " of key " + target.keyName());
    }
    return failed(
        Reason.KeyVersionNotFound,
        "version "
            + target.keyVersion()
            + " of key "
            + target.keyName()
            + ", pinned by the policy, does not exist in vault "
            + vaultName(input)
            + "; Key Vault never deletes single versions, so check spec.key.version (the current"
            + " version is "
            + KeyVersions.versionOf(input.snapshot().key().valueOrNull())
            + ")");
  }

  static Optional<CheckResult> versionInUseExists(CheckInput input) {
    KeyVersions.InUse inUse = KeyVersions.inUse(input);
    if (inUse.version() == null) {
      return Optional.of(
          CheckResult.unknown(
              TYPE,
              Reason.AzureResponseInvalid,
              "ARM returned no version for key "
                  + input.target().keyName()
                  + " in vault "
                  + vaultName(input)));
    }
    Observed<KeyState> state = KeyVersions.find(input, inUse.version());
    if (!state.isNotFound()) {
      return UnknownResults.unlessFound(TYPE, state, inUse.describe(input.target()));
    }
    PolicyTarget target = input.target();
    return failed(
        Reason.KeyVersionNotFound,
        inUse.describe(target)
            + " does not exist in vault "
            + vaultName(input)
            + "; move the registry to an existing version with: "
            + AzureFixes.rotateRegistryKey(
                target.registry().name(),
                AzureFixes.declaredKeyIdentifier(input),
                AzureFixes.identityArgument(target)));
  }

  private static String vaultName(CheckInput input) {
    return input.target().vault().name();
  }

  private static Optional<CheckResult> failed(Reason reason, String message) {
    return Optional.of(CheckResult.failed(TYPE, reason, message));
  }
}
