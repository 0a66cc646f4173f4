package io.acrcmk.operator.heal;

import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.snapshot.KeyState;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import io.acrcmk.operator.azure.snapshot.RegistryState.KeyVaultProperties;
import io.acrcmk.operator.azure.snapshot.VaultState;
import io.acrcmk.operator.check.CheckInput;
import io.acrcmk.operator.check.CheckResult;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * RotateToLatestKeyVersion: points the registry at the key the policy declares (az acr encryption
 * rotate-key). With no spec.key.version that is the versionless key, so ACR uses the newest version
 * and follows later ones. With a pinned version it is that version. It repairs KeyVersionNotFound
 * for a version the registry uses, and KeyVersionBehind for a registry pinned to an older version
 * than the versionless policy wants. It does not run where the policy itself is the cause: a pinned
 * version that does not exist, or a pinned version older than the newest, which only a change of
 * spec.key.version resolves.
 */
final class RotateKeyRule implements HealRule {

  @Override
  public HealAction action() {
    return HealAction.RotateToLatestKeyVersion;
  }

  @Override
  public boolean repairs(Reason reason) {
    return reason == Reason.KeyVersionNotFound || reason == Reason.KeyVersionBehind;
  }

  @Override
  public Optional<String> obstacle(CheckInput input, CheckResult finding) {
    PolicyTarget target = input.target();
    if (keyVaultProperties(input) == null) {
      return Optional.of(
          "registry " + target.registry().name() + " has no customer-managed key to rotate");
    }
    if (vaultBaseUri(input) == null) {
      return Optional.of(
          "ARM returned no vaultUri for vault "
              + target.vault().name()
              + ", so the key identifier cannot be built");
    }
    return target.keyVersion() == null
        ? versionlessObstacle(input)
        : pinnedObstacle(input, finding.reason());
  }

  @Override
  public String change(CheckInput input) {
    KeyVaultProperties keyVault = keyVaultProperties(input);
    String identity =
        keyVault == null || keyVault.usesSystemIdentity() ? "[system]" : keyVault.identity();
    String registry = input.target().registry().name();
    return "point registry "
        + registry
        + " at key "
        + targetKeyIdentifier(input)
        + ", keeping the identity it uses for the vault (az acr encryption rotate-key -n "
        + registry
        + " --key-encryption-key "
        + targetKeyIdentifier(input)
        + " --identity "
        + identity
        + ")";
  }

  /**
   * Returns the key identifier the registry is pointed at, or null when the vault URI is unknown.
   */
  static String targetKeyIdentifier(CheckInput input) {
    String base = vaultBaseUri(input);
    if (base == null) {
      return null;
    }
    String version = input.target().keyVersion();
    return base + "/keys/" + input.target().keyName() + (version == null ? "" : "/" + version);
  }

  private static Optional<String> versionlessObstacle(CheckInput input) {
    KeyState current = input.snapshot().key().valueOrNull();
    if (current == null) {
      return Optional.of("key " + input.target().keyName() + " could not be read");
    }
    if (!isEnabled(current)) {
      return Optional.of(
          "the current version "
              + current.version()
              + " of key "
              + input.target().keyName()
              + " is disabled, and the versionless key would make the registry use it");
    }
    return Optional.empty();
  }

  private static Optional<String> pinnedObstacle(CheckInput input, Reason reason) {
    String pinned = input.target().keyVersion();
    List<KeyState> versions = input.snapshot().keyVersions().valueOrNull();
    if (versions == null) {
      return Optional.of("the versions of key " + input.target().keyName() + " could not be read");
    }
    Optional<KeyState> pinnedState =
        versions.stream().filter(v -> pinned.equalsIgnoreCase(v.version())).findFirst();
    if (pinnedState.isEmpty()) {
      return Optional.of(
          "the policy pins version "
              + pinned
              + ", which does not exist; correct spec.key.version instead");
    }
    if (reason == Reason.KeyVersionBehind) {
      String newest = newestEnabled(versions).map(KeyState::version).orElse("a newer version");
      return Optional.of(
          "the policy pins version "
              + pinned
              + " in spec.key.version, and moving the registry to "
              + newest
              + " would contradict it; set spec.key.version to "
              + newest
              + " and rotate with az acr encryption rotate-key");
    }
    if (!isEnabled(pinnedState.get())) {
      return Optional.of("the pinned version " + pinned + " is disabled");
    }
    return Optional.empty();
  }

  private static Optional<KeyState> newestEnabled(List<KeyState> versions) {
    return versions.stream()
        .filter(RotateKeyRule::isEnabled)
        .filter(v -> v.attributes() != null && v.attributes().created() != null)
        .max(Comparator.comparing((KeyState v) -> v.attributes().created(), Instant::compareTo));
  }

  private static boolean isEnabled(KeyState state) {
    // An absent enabled attribute counts as enabled, as the checks count it.
    return state.attributes() == null || !Boolean.FALSE.equals(state.attributes().enabled());
  }

  private static KeyVaultProperties keyVaultProperties(CheckInput input) {
    RegistryState registry = input.snapshot().registry().valueOrNull();
    return registry == null || registry.encryption() == null
        ? null
        : registry.encryption().keyVault();
  }

  private static String vaultBaseUri(CheckInput input) {
    VaultState vault = input.snapshot().vault().valueOrNull();
    if (vault == null || vault.vaultUri() == null || vault.vaultUri().isBlank()) {
      return null;
    }
    return vault.vaultUri().strip().replaceFirst("/+$", "");
  }
}
