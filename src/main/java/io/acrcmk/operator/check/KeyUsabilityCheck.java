package io.acrcmk.operator.check;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.azure.snapshot.KeyState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sets KeyUsable: the key exists, the pinned version and the version the registry uses exist, and
 * the version in use is enabled, active, RSA of at least 2048 bits, and allows wrapKey and
 * unwrapKey. Key metadata comes from ARM, so the vault firewall does not hide it.
 */
public final class KeyUsabilityCheck implements ConditionCheck {

  private static final String TYPE = ConditionTypes.KEY_USABLE;
  private static final Set<String> RSA_TYPES = Set.of("RSA", "RSA-HSM");
  private static final List<String> REQUIRED_OPERATIONS = List.of("wrapKey", "unwrapKey");
  private static final int MIN_RSA_BITS = 2048;

  private static final List<CheckStep> STEPS =
      List.of(
          CheckStep.of("vault exists", KeyPresence::vaultExists),
          CheckStep.of("key exists", KeyPresence::keyExists),
          CheckStep.of("registry was read", KeyPresence::registryRead),
          CheckStep.of("pinned version exists", KeyPresence::pinnedVersionExists),
          CheckStep.of("version in use exists", KeyPresence::versionInUseExists),
          CheckStep.of("version is enabled", KeyUsabilityCheck::enabled),
          CheckStep.of("version has not expired", KeyUsabilityCheck::notExpired),
          CheckStep.of("version is already valid", KeyUsabilityCheck::alreadyValid),
          CheckStep.of("key type is RSA", KeyUsabilityCheck::rsaType),
          CheckStep.of("key is at least 2048 bits", KeyUsabilityCheck::largeEnough),
          CheckStep.of("wrapKey and unwrapKey allowed", KeyUsabilityCheck::operationsAllowed));

  @Override
  public String conditionType() {
    return TYPE;
  }

  @Override
  public CheckResult evaluate(CheckInput input) {
    return CheckStep.firstFinding(STEPS, input).orElseGet(() -> usable(input));
  }

  private static CheckResult usable(CheckInput input) {
    KeyState state = stateInUse(input);
    Instant expires = KeyVersions.expires(state);
    return CheckResult.passed(
        TYPE,
        Reason.KeyActive,
        inUse(input)
            + " in vault "
            + vaultName(input)
            + " is enabled, active, "
            + state.keyType()
            + (state.keySize() == null ? "" : " " + state.keySize() + "-bit")
            + ", allows wrapKey and unwrapKey, and "
            + (expires == null ? "has no expiry date" : "expires at " + expires));
  }

  static Optional<CheckResult> enabled(CheckInput input) {
    if (KeyVersions.isEnabled(stateInUse(input))) {
      return Optional.empty();
    }
    return failed(
        Reason.KeyDisabled,
        inUse(input)
            + " in vault "
            + vaultName(input)
            + " is disabled, so ACR cannot wrap or unwrap with it; enable it with: "
            + AzureFixes.enableKeyVersion(
                vaultName(input), input.target().keyName(), versionInUse(input)));
  }

  static Optional<CheckResult> notExpired(CheckInput input) {
    Instant expires = KeyVersions.expires(stateInUse(input));
    if (expires == null || input.now().isBefore(expires)) {
      return Optional.empty();
    }
    return failed(
        Reason.KeyExpired,
        inUse(input)
            + " in vault "
            + vaultName(input)
            + " expired at "
            + expires
            + "; existing data stays readable, but new wraps and key changes fail; add a new"
            + " version with: "
            + AzureFixes.rotateVaultKey(vaultName(input), input.target().keyName())
            + ", then move a pinned registry to it with az acr encryption rotate-key");
  }

  static Optional<CheckResult> alreadyValid(CheckInput input) {
    KeyState state = stateInUse(input);
    Instant notBefore = state.attributes() == null ? null : state.attributes().notBefore();
    if (notBefore == null || !input.now().isBefore(notBefore)) {
      return Optional.empty();
    }
    return failed(
        Reason.KeyNotYetValid,
        inUse(input)
            + " in vault "
            + vaultName(input)
            + " is not valid before "
            + notBefore
            + "; make it valid now with: "
            + AzureFixes.setNotBefore(
                vaultName(input), input.target().keyName(), versionInUse(input), input.now()));
  }

  static Optional<CheckResult> rsaType(CheckInput input) {
    String keyType = stateInUse(input).keyType();
    if (RegistryIdentities.isBlank(keyType)) {
      return Optional.of(
          CheckResult.unknown(
              TYPE,
              Reason.AzureResponseInvalid,
              "ARM returned no key type for " + inUse(input) + " in vault " + vaultName(input)));
    }
    if (RSA_TYPES.contains(keyType.strip().toUpperCase(Locale.ROOT))) {
      return Optional.empty();
    }
    return failed(
        Reason.UnsupportedKeyType,
        inUse(input)
            + " in vault "
            + vaultName(input)
            + " has type "
            + keyType.strip()
            + ", but ACR accepts only RSA and RSA-HSM keys; add an RSA version with: "
            + AzureFixes.createRsaKeyVersion(vaultName(input), input.target().keyName()));
  }

  static Optional<CheckResult> largeEnough(CheckInput input) {
    Integer size = stateInUse(input).keySize();
    if (size == null || size >= MIN_RSA_BITS) {
      return Optional.empty();
    }
    return failed(
        Reason.KeyTooSmall,
        inUse(input)
            + " in vault "
            + vaultName(input)
            + " has "
            + size
            + " bits, fewer than the "
            + MIN_RSA_BITS
            + " ACR needs; add a 2048-bit version with: "
            + AzureFixes.createRsaKeyVersion(vaultName(input), input.target().keyName()));
  }

  static Optional<CheckResult> operationsAllowed(CheckInput input) {
    List<String> ops = stateInUse(input).keyOps();
    // Key Vault allows every operation when key_ops is empty or absent.
    if (ops == null || ops.stream().allMatch(RegistryIdentities::isBlank)) {
      return Optional.empty();
    }
    Set<String> allowed = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    ops.stream()
        .filter(op -> !RegistryIdentities.isBlank(op))
        .map(String::strip)
        .forEach(allowed::add);
    List<String> missing =
        REQUIRED_OPERATIONS.stream().filter(op -> !allowed.contains(op)).toList();
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    List<String> wanted = new ArrayList<>(allowed);
    wanted.addAll(missing);
    return failed(
        Reason.KeyOperationsMissing,
        inUse(input)
            + " in vault "
            + vaultName(input)
            + " does not allow "
            + String.join(" or ", missing)
            + " (allowed: "
            + String.join(", ", allowed)
            + "); allow them with: "
            + AzureFixes.setKeyOperations(
                vaultName(input), input.target().keyName(), versionInUse(input), wanted));
  }

  /** Returns the state of the version in use; the steps before the attribute steps found it. */
  private static KeyState stateInUse(CheckInput input) {
    return KeyVersions.find(input, versionInUse(input)).valueOrNull();
  }

  private static String versionInUse(CheckInput input) {
    return KeyVersions.inUse(input).version();
  }

  private static String inUse(CheckInput input) {
    return KeyVersions.inUse(input).describe(input.target());
  }

  private static String vaultName(CheckInput input) {
    return input.target().vault().name();
  }

  private static Optional<CheckResult> failed(Reason reason, String message) {
    return Optional.of(CheckResult.failed(TYPE, reason, message));
  }
}
