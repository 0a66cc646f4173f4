package io.acrcmk.operator.heal;

import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.ResourceId;
import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.azure.snapshot.DeletedKeyState;
import io.acrcmk.operator.azure.snapshot.DeletedVaultState;
import io.acrcmk.operator.azure.snapshot.IdentityState;
import io.acrcmk.operator.azure.snapshot.KeyAttributes;
import io.acrcmk.operator.azure.snapshot.KeyState;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import io.acrcmk.operator.azure.snapshot.RegistryState.Encryption;
import io.acrcmk.operator.azure.snapshot.RegistryState.KeyVaultProperties;
import io.acrcmk.operator.azure.snapshot.RegistryState.RegistryIdentity;
import io.acrcmk.operator.azure.snapshot.RegistryState.UserAssignedIdentityRef;
import io.acrcmk.operator.azure.snapshot.RoleAssignmentState;
import io.acrcmk.operator.azure.snapshot.VaultState;
import io.acrcmk.operator.azure.snapshot.VaultState.AccessPolicy;
import io.acrcmk.operator.azure.snapshot.VaultState.NetworkAcls;
import io.acrcmk.operator.check.CheckInput;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds check inputs for planner tests without I/O. It starts from a registry whose every
 * condition is True; each method introduces one fault, as the simulator's mutations do.
 */
final class HealFixture {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final String SUBSCRIPTION = "5c1a8f3e-2b7d-4e9a-9c61-0d3f7a2b8e14";
  static final String TENANT = "8d2e4f61-7a3b-4c9d-b5e2-1f0a6c3d9e47";
  static final String GROUP = "acr-rg";
  static final String REGISTRY = "contosoacr";
  static final String VAULT = "contoso-kv";
  static final String KEY = "acr-cmk";
  static final String REGISTRY_ID =
      "/subscriptions/"
          + SUBSCRIPTION
          + "/resourceGroups/"
          + GROUP
          + "/providers/Microsoft.ContainerRegistry/registries/"
          + REGISTRY;
  static final String VAULT_ID =
      "/subscriptions/"
          + SUBSCRIPTION
          + "/resourceGroups/"
          + GROUP
          + "/providers/Microsoft.KeyVault/vaults/"
          + VAULT;
  static final String IDENTITY_ID =
      "/subscriptions/"
          + SUBSCRIPTION
          + "/resourceGroups/"
          + GROUP
          + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/acr-cmk-id";
  static final String CLIENT_ID = "33b5bfe1-7c4a-4b2e-9a51-6e0d2c8f4a17";
  static final String PRINCIPAL_ID = "3ca1d2d0-5e6f-4a8b-9c0d-1e2f3a4b5c6d";
  static final String SYSTEM_PRINCIPAL_ID = "7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910";
  static final String VAULT_URI = "https://contoso-kv.vault.azure.net/";
  static final String KEY_URI = "https://contoso-kv.vault.azure.net/keys/" + KEY;
  static final String OLD_VERSION = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
  static final String CURRENT_VERSION = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";

  private IdentityType identityType = IdentityType.UserAssigned;
  private String pinnedVersion;
  private String keyIdentifier = KEY_URI;
  private String versionedKeyIdentifier = KEY_URI + "/" + CURRENT_VERSION;
  private String encryptionIdentity = CLIENT_ID;
  private RegistryIdentity registryIdentity = userAssignedOnly();
  private NetworkAcls networkAcls;
  private final List<KeyState> versions =
      new ArrayList<>(
          List.of(
              version(OLD_VERSION, NOW.minus(Duration.ofDays(90)), true),
              version(CURRENT_VERSION, NOW.minus(Duration.ofDays(2)), true)));
  private boolean keyDeleted;
  private Observed<RegistryState> registryOverride;

  /** Encrypts with the registry's system-assigned identity. */
  HealFixture systemAssigned() {
    identityType = IdentityType.SystemAssigned;
    encryptionIdentity = KeyVaultProperties.SYSTEM_IDENTITY;
    registryIdentity =
        new RegistryIdentity(List.of("SystemAssigned"), SYSTEM_PRINCIPAL_ID, TENANT, List.of());
    return this;
  }

  /** Pins {@code version} in the policy and in the registry. */
  HealFixture pinned(String version) {
    pinnedVersion = version;
    keyIdentifier = KEY_URI + "/" + version;
    versionedKeyIdentifier = keyIdentifier;
    return this;
  }

  /** Pins the registry to {@code version} while the policy stays as it is. */
  HealFixture registryPinnedTo(String version) {
    keyIdentifier = KEY_URI + "/" + version;
    versionedKeyIdentifier = keyIdentifier;
    return this;
  }

  /** Detaches every identity from the registry. */
  HealFixture identityDetached() {
    registryIdentity = null;
    return this;
  }

  /** Keeps the declared identity attached but makes the registry encrypt with another client ID. */
  HealFixture encryptsWithUndeclaredIdentity() {
    encryptionIdentity = "0b9a8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d";
    return this;
  }

  /** Turns the vault firewall on: default action Deny with the given bypass. */
  HealFixture firewall(String bypass) {
    networkAcls = new NetworkAcls(bypass, "Deny", List.of(), List.of());
    return this;
  }

  /** Adds a version created now, which becomes the current one. */
  HealFixture newVersion(String version, boolean enabled) {
    versions.add(version(version, NOW.minus(Duration.ofHours(2)), enabled));
    return this;
  }

  /** Removes a version from the vault. */
  HealFixture versionGone(String version) {
    versions.removeIf(state -> state.version().equals(version));
    return this;
  }

  /** Soft-deletes the key. */
  HealFixture keySoftDeleted() {
    keyDeleted = true;
    return this;
  }

  /** Makes the registry read fail as {@code kind}, for example with a 503. */
  HealFixture registryReadFailed() {
    registryOverride =
        Observed.failed(
            new ReadFailure(
                ReadFailure.Kind.UNAVAILABLE,
                "registries.get",
                503,
                "ServiceUnavailable",
                "The service is temporarily unavailable.",
                "7d1c0f4e-0000-4000-8000-000000000001",
                null));
    return this;
  }

  PolicyTarget target() {
    return new PolicyTarget(
        ResourceId.parse(REGISTRY_ID, ResourceId.REGISTRY_TYPE),
        ResourceId.parse(VAULT_ID, ResourceId.VAULT_TYPE),
        KEY,
        pinnedVersion,
        identityType,
        identityType == IdentityType.UserAssigned
            ? ResourceId.parse(IDENTITY_ID, ResourceId.IDENTITY_TYPE)
            : null);
  }

  CheckInput input() {
    return new CheckInput(target(), snapshot(), NOW, Duration.ofDays(30));
  }

  private AzureSnapshot snapshot() {
    Observed<RegistryState> registry =
        registryOverride != null
            ? registryOverride
            : Observed.found(
                new RegistryState(
                    REGISTRY_ID,
                    REGISTRY,
                    "westeurope",
                    "Premium",
                    "Succeeded",
                    registryIdentity,
                    new Encryption(
                        "enabled",
                        new KeyVaultProperties(
                            keyIdentifier,
                            versionedKeyIdentifier,
                            encryptionIdentity,
                            pinnedVersion == null,
                            null))));
    Observed<IdentityState> identity =
        identityType == IdentityType.UserAssigned
            ? Observed.found(
                new IdentityState(IDENTITY_ID, "acr-cmk-id", TENANT, PRINCIPAL_ID, CLIENT_ID))
            : Observed.skipped("the policy uses the registry's system-assigned identity");
    String principal =
        identityType == IdentityType.UserAssigned ? PRINCIPAL_ID : SYSTEM_PRINCIPAL_ID;
    VaultState vault =
        new VaultState(
            VAULT_ID,
            VAULT,
            "westeurope",
            TENANT,
            VAULT_URI,
            true,
            90,
            true,
            false,
            "Enabled",
            networkAcls,
            List.of(
                new AccessPolicy(TENANT, principal, null, List.of("get", "wrapKey", "unwrapKey"))),
            List.of());
    KeyState current = versions.get(versions.size() - 1);
    Observed<KeyState> key =
        keyDeleted
            ? Observed.notFound("KeyNotFound: the key was deleted")
            : Observed.found(current);
    Observed<List<KeyState>> keyVersions =
        keyDeleted ? Observed.skipped("key was not found") : Observed.found(List.copyOf(versions));
    Observed<DeletedKeyState> deletedKey =
        keyDeleted
            ? Observed.found(
                new DeletedKeyState(
                    KEY, VAULT_URI + "deletedkeys/" + KEY, NOW.minus(Duration.ofHours(1)), null))
            : Observed.skipped("key exists");
    Observed<DeletedVaultState> deletedVault = Observed.skipped("vault exists");
    Observed<List<RoleAssignmentState>> roles =
        Observed.skipped("the vault authorises with access policies");
    return new AzureSnapshot(
        NOW,
        registry,
        identity,
        Observed.found(vault),
        deletedVault,
        key,
        keyVersions,
        deletedKey,
        roles,
        Map.of());
  }

  private static RegistryIdentity userAssignedOnly() {
    return new RegistryIdentity(
        List.of("UserAssigned"),
        null,
        null,
        List.of(new UserAssignedIdentityRef(IDENTITY_ID, PRINCIPAL_ID, CLIENT_ID)));
  }

  private static KeyState version(String version, Instant created, boolean enabled) {
    return new KeyState(
        KEY,
        version,
        KEY_URI,
        KEY_URI + "/" + version,
        "RSA",
        2048,
        null,
        List.of("wrapKey", "unwrapKey"),
        new KeyAttributes(enabled, null, null, created, created, "Recoverable"));
  }
}
