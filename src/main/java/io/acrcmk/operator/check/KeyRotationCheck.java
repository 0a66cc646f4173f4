package io.acrcmk.operator.check;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.snapshot.KeyState;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.RegistryState.KeyVaultProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Sets KeyRotationCurrent: a pinned version is the newest enabled one, a versionless registry has
 * moved to the newest version, and the version in use does not expire within the warning window.
 */
public final class KeyRotationCheck implements ConditionCheck {

  private static final String TYPE = ConditionTypes.KEY_ROTATION_CURRENT;

  /** ACR documents that it moves a versionless registry to a new key version within an hour. */
  static final Duration SYNC_WINDOW = Duration.ofHours(1);

  /** The warning window when the policy gives none, matching the CRD default of 720h. */
  static final Duration DEFAULT_EXPIRY_WARNING = Duration.ofDays(30);

  private static final List<CheckStep> STEPS =
      List.of(
          CheckStep.of("key was read", KeyRotationCheck::keyRead),
          CheckStep.of("key versions were read", KeyRotationCheck::versionsRead),
          CheckStep.of("registry was read", KeyRotationCheck::registryRead),
          CheckStep.of("pinned version is the newest", KeyRotationCheck::pinnedVersionNewest),
          CheckStep.of("versionless registry is synced", KeyRotationCheck::versionlessSynced),
          CheckStep.of("expiry is outside the warning window", KeyRotationCheck::notExpiringSoon));

  @Override
  public String conditionType() {
    return TYPE;
  }

  @Override
  public CheckResult evaluate(CheckInput input) {
    return CheckStep.firstFinding(STEPS, input).orElseGet(() -> current(input));
  }

  private static CheckResult current(CheckInput input) {
    KeyVersions.InUse inUse = KeyVersions.inUse(input);
    KeyState state = KeyVersions.find(input, inUse.version()).valueOrNull();
    KeyState newest = KeyVersions.newestEnabled(input).orElse(null);
    Instant expires = state == null ? null : KeyVersions.expires(state);
    String expiry = expires == null ? "has no expiry date" : "expires at " + expires;
    String message;
    if (newest == null || inUse.version().equals(KeyVersions.versionOf(newest))) {
      message = inUse.describe(input.target()) + " is the newest enabled version and " + expiry;
    } else {
      message =
          inUse.describe(input.target())
              + " is up to date, because version "
              + KeyVersions.versionOf(newest)
              + " is less than an hour old and ACR moves to new versions within an hour; the"
              + " version in use "
              + expiry;
    }
    return CheckResult.passed(TYPE, Reason.RotationCurrent, message);
  }

  static Optional<CheckResult> keyRead(CheckInput input) {
    return UnknownResults.unlessFound(
        TYPE,
        input.snapshot().key(),
        "key " + input.target().keyName() + " in vault " + input.target().vault().name());
  }

  static Optional<CheckResult> versionsRead(CheckInput input) {
    Observed<List<KeyState>> versions = input.snapshot().keyVersions();
    if (versions.isFound() || versions.isNotFound()) {
      return Optional.empty();
    }
    return Optional.of(
        UnknownResults.notFoundOrUnread(
            TYPE, versions, "the versions of key " + input.target().keyName()));
  }

  static Optional<CheckResult> registryRead(CheckInput input) {
    if (input.snapshot().registry() instanceof Observed.Failed<?> failed) {
      return Optional.of(
          UnknownResults.fromFailure(
              TYPE, "registry " + input.target().registry().name(), failed.failure()));
    }
    return Optional.empty();
  }

  static Optional<CheckResult> pinnedVersionNewest(CheckInput input) {
    PolicyTarget target = input.target();
    String pinned =
        target.keyVersion() != null
            ? target.keyVersion()
            : KeyVersions.versionInRegistry(input, KeyVaultProperties::keyIdentifier);
    if (pinned == null) {
      return Optional.empty();
    }
    Observed<KeyState> pinnedState = KeyVersions.find(input, pinned);
    if (!pinnedState.isFound()) {
      return Optional.of(
          UnknownResults.notFoundOrUnread(
              TYPE, pinnedState, "pinned version " + pinned + " of key " + target.keyName()));
    }
    KeyState newest = KeyVersions.newestEnabled(input).orElse(null);
    if (newest == null || !KeyVersions.createdAfter(newest, pinnedState.valueOrNull())) {
      return Optional.empty();
    }
    String newestVersion = KeyVersions.versionOf(newest);
    String pinnedBy =
        target.keyVersion() != null
            ? "the policy pins"
            : "registry " + target.registry().name() + " is pinned to";
    return failed(
        Reason.KeyVersionBehind,
        pinnedBy
            + " version "
            + pinned
            + " of key "
            + target.keyName()
            + ", created at "
            + KeyVersions.created(pinnedState.valueOrNull())
            + ", but version "
            + newestVersion
            + ", created at "
            + KeyVersions.created(newest)
            + ", is the newest enabled version; move the registry to it with: "
            + AzureFixes.rotateRegistryKey(
                target.registry().name(),
                AzureFixes.declaredKeyIdentifier(input, newestVersion),
                AzureFixes.identityArgument(target))
            + (target.keyVersion() != null
                ? ", then set spec.key.version to " + newestVersion
                : ""));
  }

  static Optional<CheckResult> versionlessSynced(CheckInput input) {
    if (!KeyVersions.registryFollowsLatest(input)) {
      return Optional.empty();
    }
    String used = KeyVersions.versionInRegistry(input, KeyVaultProperties::versionedKeyIdentifier);
    KeyState newest = KeyVersions.newestEnabled(input).orElse(null);
    if (used == null || newest == null) {
      return Optional.empty();
    }
    KeyState usedState = KeyVersions.find(input, used).valueOrNull();
    Instant newestCreated = KeyVersions.created(newest);
    // A version in use that no longer exists is KeyUsable's finding, not a rotation delay.
    if (usedState == null
        || !KeyVersions.createdAfter(newest, usedState)
        || !newestCreated.isBefore(input.now().minus(SYNC_WINDOW))) {
      return Optional.empty();
    }
    PolicyTarget target = input.target();
    return failed(
        Reason.RotationNotSynced,
        "registry "
            + target.registry().name()
            + " follows the latest version of key "
            + target.keyName()
            + " but still uses version "
            + used
            + ", although version "
            + KeyVersions.versionOf(newest)
            + " was created at "
            + newestCreated
            + " and ACR moves within an hour; trigger the move with: "
            + AzureFixes.rotateRegistryKey(
                target.registry().name(),
                AzureFixes.declaredKeyIdentifier(input, null),
                AzureFixes.identityArgument(target)));
  }

  static Optional<CheckResult> notExpiringSoon(CheckInput input) {
    KeyVersions.InUse inUse = KeyVersions.inUse(input);
    if (inUse.version() == null) {
      return Optional.of(
          CheckResult.unknown(
              TYPE,
              Reason.AzureResponseInvalid,
              "ARM returned no version for key " + input.target().keyName()));
    }
    Observed<KeyState> state = KeyVersions.find(input, inUse.version());
    if (!state.isFound()) {
      return Optional.of(
          UnknownResults.notFoundOrUnread(TYPE, state, inUse.describe(input.target())));
    }
    Instant expires = KeyVersions.expires(state.valueOrNull());
    Duration warning =
        input.keyExpiryWarning() == null ? DEFAULT_EXPIRY_WARNING : input.keyExpiryWarning();
    if (expires == null || expires.isAfter(input.now().plus(warning))) {
      return Optional.empty();
    }
    String when =
        input.now().isBefore(expires)
            ? "expires at "
                + expires
                + ", in "
                + describeDays(Duration.between(input.now(), expires))
                + ", within the warning window of "
                + describeDays(warning)
            : "expired at " + expires;
    return failed(
        Reason.KeyExpiringSoon,
        inUse.describe(input.target())
            + " in vault "
            + input.target().vault().name()
            + " "
            + when
            + "; add a new version with: "
            + AzureFixes.rotateVaultKey(input.target().vault().name(), input.target().keyName())
            + (KeyVersions.registryFollowsLatest(input)
                ? ""
                : ", then move the registry to it with az acr encryption rotate-key"));
  }

  private static String describeDays(Duration duration) {
    long days = duration.toDays();
    if (days == 0) {
      return "less than a day";
    }
    return days == 1 ? "1 day" : days + " days";
  }

  private static Optional<CheckResult> failed(Reason reason, String message) {
    return Optional.of(CheckResult.failed(TYPE, reason, message));
  }
}
