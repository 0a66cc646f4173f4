package io.acrcmk.operator.check;

import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.snapshot.KeyState;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import io.acrcmk.operator.azure.snapshot.RegistryState.KeyVaultProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Finds versions of the declared key in the snapshot, and the version the registry uses. */
final class KeyVersions {

  private KeyVersions() {}

  /** The source of the version in use. */
  enum Source {
    /** The registry's versionedKeyIdentifier: what ACR encrypts with now. */
    REGISTRY,
    /** spec.key.version, because the registry does not report a version of this key. */
    PINNED,
    /** The key's current version, because neither the registry nor the policy names one. */
    CURRENT
  }

  /**
   * The key version the registry uses.
   *
   * @param version the 32-hex version in lower case
   * @param source where it was learned
   */
  record InUse(String version, Source source) {

    /**
     * Returns how messages name this version, such as "version X of key K (used by registry R)".
     */
    String describe(PolicyTarget target) {
      String base = "version " + version + " of key " + target.keyName();
      return switch (source) {
        case REGISTRY -> base + " (used by registry " + target.registry().name() + ")";
        case PINNED -> base + " (pinned by the policy)";
        case CURRENT -> base + " (the current version)";
      };
    }
  }

  /**
   * Returns the version the registry uses: the version of its versionedKeyIdentifier when that
   * names the declared key, else the pinned version, else the key's current version. Expects the
   * key to have been found.
   */
  static InUse inUse(CheckInput input) {
    String fromRegistry = versionInRegistry(input, KeyVaultProperties::versionedKeyIdentifier);
    if (fromRegistry != null) {
      return new InUse(fromRegistry, Source.REGISTRY);
    }
    if (input.target().keyVersion() != null) {
      return new InUse(input.target().keyVersion().toLowerCase(Locale.ROOT), Source.PINNED);
    }
    return new InUse(versionOf(input.snapshot().key().valueOrNull()), Source.CURRENT);
  }

  /**
   * Returns the version in one of the registry's key identifiers when it names the declared key in
   * the declared vault, or null when it is versionless, names another key or is invalid.
   */
  static String versionInRegistry(CheckInput input, Function<KeyVaultProperties, String> field) {
    RegistryState registry = input.snapshot().registry().valueOrNull();
    KeyVaultProperties keyVault = RegistryIdentities.keyVaultProperties(registry);
    if (keyVault == null) {
      return null;
    }
    KeyIdentifier.ParseResult parsed = KeyIdentifier.parse(field.apply(keyVault));
    if (!parsed.isValid() || !namesDeclaredKey(input.target(), parsed.identifier())) {
      return null;
    }
    return parsed.identifier().version();
  }

  /** Returns whether the registry's key identifier names the declared key and is versionless. */
  static boolean registryFollowsLatest(CheckInput input) {
    RegistryState registry = input.snapshot().registry().valueOrNull();
    KeyVaultProperties keyVault = RegistryIdentities.keyVaultProperties(registry);
    if (keyVault == null) {
      return false;
    }
    KeyIdentifier.ParseResult parsed = KeyIdentifier.parse(keyVault.keyIdentifier());
    return parsed.isValid()
        && namesDeclaredKey(input.target(), parsed.identifier())
        && !parsed.identifier().isVersioned();
  }

  /**
   * Returns the key state of {@code version}: Found, NotFound when the key has no such version, or
   * the outcome of the version list read when it failed or was skipped.
   */
  static Observed<KeyState> find(CheckInput input, String version) {
    KeyState current = input.snapshot().key().valueOrNull();
    if (current != null && version.equalsIgnoreCase(versionOf(current))) {
      return Observed.found(current);
    }
    Observed<List<KeyState>> versions = input.snapshot().keyVersions();
    if (versions instanceof Observed.Failed<List<KeyState>> failed) {
      return Observed.failed(failed.failure());
    }
    if (versions instanceof Observed.Skipped<List<KeyState>> skipped) {
      return Observed.skipped(skipped.reason());
    }
    List<KeyState> list = versions.isFound() ? versions.valueOrNull() : List.of();
    return list.stream()
        .filter(state -> state != null && version.equalsIgnoreCase(versionOf(state)))
        .findFirst()
        .<Observed<KeyState>>map(Observed::found)
        .orElseGet(
            () ->
                Observed.notFound(
                    "key " + input.target().keyName() + " has no version " + version));
  }

  /** Returns the newest enabled version among the listed versions and the current one. */
  static Optional<KeyState> newestEnabled(CheckInput input) {
    List<KeyState> candidates = new ArrayList<>();
    KeyState current = input.snapshot().key().valueOrNull();
    if (current != null) {
      candidates.add(current);
    }
    List<KeyState> listed = input.snapshot().keyVersions().valueOrNull();
    if (listed != null) {
      candidates.addAll(listed);
    }
    return candidates.stream()
        .filter(state -> state != null && versionOf(state) != null && isEnabled(state))
        .max(Comparator.comparing(KeyVersions::createdOrEpoch));
  }

  /**
   * Returns whether {@code newer} was created after {@code older}; false when either is unknown.
   */
  static boolean createdAfter(KeyState newer, KeyState older) {
    Instant newerCreated = created(newer);
    Instant olderCreated = created(older);
    return newerCreated != null && olderCreated != null && newerCreated.isAfter(olderCreated);
  }

  /** Returns the version of {@code state}, from its version field or its versioned key URI. */
  static String versionOf(KeyState state) {
    if (state == null) {
      return null;
    }
    if (!RegistryIdentities.isBlank(state.version())) {
      return state.version().strip().toLowerCase(Locale.ROOT);
    }
    KeyIdentifier.ParseResult parsed = KeyIdentifier.parse(state.keyUriWithVersion());
    return parsed.isValid() ? parsed.identifier().version() : null;
  }

  /** Returns whether the version is enabled; Key Vault's default for an absent flag is true. */
  static boolean isEnabled(KeyState state) {
    return state.attributes() == null || !Boolean.FALSE.equals(state.attributes().enabled());
  }

  static Instant created(KeyState state) {
    return state.attributes() == null ? null : state.attributes().created();
  }

  static Instant expires(KeyState state) {
    return state.attributes() == null ? null : state.attributes().expires();
  }

  private static Instant createdOrEpoch(KeyState state) {
    Instant created = created(state);
    return created == null ? Instant.EPOCH : created;
  }

  private static boolean namesDeclaredKey(PolicyTarget target, KeyIdentifier identifier) {
    return identifier.namesKey(target.keyName())
        && identifier.vaultName().equalsIgnoreCase(target.vault().name());
  }
}
