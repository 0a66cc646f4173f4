package io.acrcmk.operator.check;

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
import io.acrcmk.operator.azure.snapshot.RegistryState.UserAssignedIdentityRef;
import io.acrcmk.operator.azure.snapshot.RoleAssignmentState;
import io.acrcmk.operator.azure.snapshot.RoleDefinitionState;
import io.acrcmk.operator.azure.snapshot.RoleDefinitionState.Permission;
import io.acrcmk.operator.azure.snapshot.VaultState;
import io.acrcmk.operator.azure.snapshot.VaultState.AccessPolicy;
import io.acrcmk.operator.azure.snapshot.VaultState.NetworkAcls;
import io.acrcmk.operator.azure.snapshot.VaultState.PrivateEndpointConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds check inputs. {@link #healthy()} starts from a registry whose every condition is True;
 * each method changes one fact, so a test states only the fault it is about.
 */
final class SnapshotBuilder {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final String SUBSCRIPTION = "5c1a8f3e-2b7d-4e9a-9c61-0d3f7a2b8e14";
  static final String TENANT = "8d2e4f61-7a3b-4c9d-b5e2-1f0a6c3d9e47";
  static final String OTHER_TENANT = "0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b";
  static final String RESOURCE_GROUP = "acr-rg";
  static final String REGISTRY_NAME = "contosoacr";
  static final String VAULT_NAME = "contoso-kv";
  static final String KEY_NAME = "acr-cmk";
  static final String IDENTITY_NAME = "acr-cmk-id";
  static final String REGISTRY_ID =
      "/subscriptions/"
          + SUBSCRIPTION
          + "/resourceGroups/"
          + RESOURCE_GROUP
          + "/providers/Microsoft.ContainerRegistry/registries/"
          + REGISTRY_NAME;
  static final String VAULT_ID =
      "/subscriptions/"
          + SUBSCRIPTION
          + "/resourceGroups/"
          + RESOURCE_GROUP
          + "/providers/Microsoft.KeyVault/vaults/"
          + VAULT_NAME;
  static final String IDENTITY_ID =
      "/subscriptions/"
          + SUBSCRIPTION
          + "/resourceGroups/"
          + RESOURCE_GROUP
          + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
          + IDENTITY_NAME;
  static final String CLIENT_ID = "33b5bfe1-7c4a-4b2e-9a51-6e0d2c8f4a17";
  static final String PRINCIPAL_ID = "3ca1d2d0-5e6f-4a8b-9c0d-1e2f3a4b5c6d";
  static final String SYSTEM_PRINCIPAL_ID = "7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910";
  static final String VAULT_URI = "https://contoso-kv.vault.azure.net/";
  static final String OLD_VERSION = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
  static final String CURRENT_VERSION = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
  static final String KEY_URI = "https://contoso-kv.vault.azure.net/keys/" + KEY_NAME;
  static final String CRYPTO_SERVICE_ENCRYPTION_USER = "e147488a-f6f5-4113-8e2d-b22465e65bf6";
  static final String CRYPTO_SERVICE_ENCRYPTION_USER_ID =
      "/subscriptions/"
          + SUBSCRIPTION
          + "/providers/Microsoft.Authorization/roleDefinitions/"
          + CRYPTO_SERVICE_ENCRYPTION_USER;

  /** The registry fields; {@code null} blocks stand for fields ARM left out. */
  static final class RegistryFields {
    String id = REGISTRY_ID;
    String sku = "Premium";
    boolean hasIdentityBlock = true;
    List<String> identityTypes = new ArrayList<>(List.of("UserAssigned"));
    String systemPrincipalId;
    String systemTenantId;
    List<UserAssignedIdentityRef> userAssigned =
        new ArrayList<>(List.of(new UserAssignedIdentityRef(IDENTITY_ID, PRINCIPAL_ID, CLIENT_ID)));
    boolean hasEncryptionBlock = true;
    String encryptionStatus = "enabled";
    boolean hasKeyVaultProperties = true;
    String keyIdentifier = KEY_URI;
    String versionedKeyIdentifier = KEY_URI + "/" + CURRENT_VERSION;
    String encryptionIdentity = CLIENT_ID;
  }

  /** The user-assigned identity's fields. */
  static final class IdentityFields {
    String id = IDENTITY_ID;
    String tenantId = TENANT;
    String principalId = PRINCIPAL_ID;
    String clientId = CLIENT_ID;
  }

  /** The vault's fields. */
  static final class VaultFields {
    String id = VAULT_ID;
    String tenantId = TENANT;
    String vaultUri = VAULT_URI;
    Boolean softDelete = true;
    Integer retentionDays = 90;
    Boolean purgeProtection = true;
    Boolean rbac = true;
    String publicNetworkAccess = "Enabled";
    NetworkAcls networkAcls = new NetworkAcls("AzureServices", "Allow", List.of(), List.of());
    List<AccessPolicy> accessPolicies = new ArrayList<>();
    List<PrivateEndpointConnection> privateEndpoints = new ArrayList<>();
  }

  /** One key version's fields. */
  static final class KeyVersionFields {
    final String version;
    Instant created;
    Boolean enabled = true;
    Instant notBefore;
    Instant expires;
    String keyType = "RSA";
    Integer keySize = 2048;
    List<String> keyOps = new ArrayList<>(List.of("encrypt", "decrypt", "wrapKey", "unwrapKey"));

    KeyVersionFields(String version, Instant created) {
      this.version = version;
      this.created = created;
    }

    KeyState state() {
      return new KeyState(
          KEY_NAME,
          version,
          KEY_URI,
          KEY_URI + "/" + version,
          keyType,
          keySize,
          null,
          keyOps,
          new KeyAttributes(enabled, notBefore, expires, created, created, "Recoverable"));
    }
  }

  final RegistryFields registry = new RegistryFields();
  final IdentityFields identity = new IdentityFields();
  final VaultFields vault = new VaultFields();
  private final Map<String, KeyVersionFields> versions = new LinkedHashMap<>();
  private String currentVersion;
  private IdentityType identityType = IdentityType.UserAssigned;
  private String pinnedVersion;
  private Duration keyExpiryWarning = Duration.ofDays(30);
  private Observed<RegistryState> registryObserved;
  private Observed<IdentityState> identityObserved;
  private Observed<VaultState> vaultObserved;
  private Observed<DeletedVaultState> deletedVault = Observed.skipped("the vault was found");
  private Observed<KeyState> keyObserved;
  private Observed<List<KeyState>> versionsObserved;
  private Observed<DeletedKeyState> deletedKey = Observed.skipped("the key was found");
  private Observed<List<RoleAssignmentState>> assignmentsObserved;
  private final List<RoleAssignmentState> assignments = new ArrayList<>();
  private final Map<String, Observed<RoleDefinitionState>> definitions = new HashMap<>();

  private SnapshotBuilder() {}

  /** Returns a builder for a registry whose six conditions are all True. */
  static SnapshotBuilder healthy() {
    SnapshotBuilder builder = new SnapshotBuilder();
    KeyVersionFields old = new KeyVersionFields(OLD_VERSION, NOW.minus(Duration.ofDays(120)));
    old.expires = NOW.plus(Duration.ofDays(245));
    KeyVersionFields current =
        new KeyVersionFields(CURRENT_VERSION, NOW.minus(Duration.ofDays(10)));
    current.expires = NOW.plus(Duration.ofDays(355));
    builder.versions.put(OLD_VERSION, old);
    builder.versions.put(CURRENT_VERSION, current);
    builder.currentVersion = CURRENT_VERSION;
    builder.assignments.add(assignment(VAULT_ID, CRYPTO_SERVICE_ENCRYPTION_USER_ID, PRINCIPAL_ID));
    builder.definitions.put(
        CRYPTO_SERVICE_ENCRYPTION_USER,
        Observed.found(
            role(
                CRYPTO_SERVICE_ENCRYPTION_USER_ID,
                "Key Vault Crypto Service Encryption User",
                List.of(),
                List.of(
                    RbacEvaluator.KEYS_READ, RbacEvaluator.KEYS_WRAP, RbacEvaluator.KEYS_UNWRAP),
                List.of())));
    return builder;
  }

  /** Switches the policy and the registry to the registry's system-assigned identity. */
  SnapshotBuilder systemAssigned() {
    identityType = IdentityType.SystemAssigned;
    registry.identityTypes = new ArrayList<>(List.of("SystemAssigned"));
    registry.systemPrincipalId = SYSTEM_PRINCIPAL_ID;
    registry.systemTenantId = TENANT;
    registry.userAssigned = new ArrayList<>();
    registry.encryptionIdentity = "system";
    identityObserved = Observed.skipped("the policy declares the system-assigned identity");
    assignments.clear();
    assignments.add(assignment(VAULT_ID, CRYPTO_SERVICE_ENCRYPTION_USER_ID, SYSTEM_PRINCIPAL_ID));
    return this;
  }

  /** Pins the policy and the registry to {@code version}. */
  SnapshotBuilder pinnedTo(String version) {
    pinnedVersion = version;
    registry.keyIdentifier = KEY_URI + "/" + version;
    registry.versionedKeyIdentifier = KEY_URI + "/" + version;
    return this;
  }

  /** Pins only the policy, leaving the registry as it is. */
  SnapshotBuilder policyPins(String version) {
    pinnedVersion = version;
    return this;
  }

  SnapshotBuilder registry(Consumer<RegistryFields> change) {
    change.accept(registry);
    return this;
  }

  SnapshotBuilder identity(Consumer<IdentityFields> change) {
    change.accept(identity);
    return this;
  }

  SnapshotBuilder vault(Consumer<VaultFields> change) {
    change.accept(vault);
    return this;
  }

  /** Changes the key's current version. */
  SnapshotBuilder currentKey(Consumer<KeyVersionFields> change) {
    change.accept(versions.get(currentVersion));
    return this;
  }

  SnapshotBuilder keyVersion(String version, Consumer<KeyVersionFields> change) {
    change.accept(versions.get(version));
    return this;
  }

  /** Adds a version and makes it the key's current version, as creating a version does. */
  SnapshotBuilder newCurrentVersion(String version, Instant created) {
    KeyVersionFields fields = new KeyVersionFields(version, created);
    fields.expires = created.plus(Duration.ofDays(365));
    versions.put(version, fields);
    currentVersion = version;
    return this;
  }

  SnapshotBuilder keyExpiryWarning(Duration warning) {
    keyExpiryWarning = warning;
    return this;
  }

  SnapshotBuilder registry(Observed<RegistryState> observed) {
    registryObserved = observed;
    return this;
  }

  SnapshotBuilder identity(Observed<IdentityState> observed) {
    identityObserved = observed;
    return this;
  }

  SnapshotBuilder vault(Observed<VaultState> observed) {
    vaultObserved = observed;
    return this;
  }

  SnapshotBuilder deletedVault(Observed<DeletedVaultState> observed) {
    deletedVault = observed;
    return this;
  }

  SnapshotBuilder key(Observed<KeyState> observed) {
    keyObserved = observed;
    return this;
  }

  SnapshotBuilder keyVersions(Observed<List<KeyState>> observed) {
    versionsObserved = observed;
    return this;
  }

  SnapshotBuilder deletedKey(Observed<DeletedKeyState> observed) {
    deletedKey = observed;
    return this;
  }

  SnapshotBuilder roleAssignments(Observed<List<RoleAssignmentState>> observed) {
    assignmentsObserved = observed;
    return this;
  }

  /** Replaces the role assignments with {@code replacement}. */
  SnapshotBuilder roleAssignments(RoleAssignmentState... replacement) {
    assignments.clear();
    assignments.addAll(List.of(replacement));
    return this;
  }

  SnapshotBuilder roleDefinition(String guid, Observed<RoleDefinitionState> definition) {
    definitions.put(guid, definition);
    return this;
  }

  /** Makes the vault and key unreadable as when the vault was deleted. */
  SnapshotBuilder vaultDeleted(Observed<DeletedVaultState> deleted) {
    vaultObserved = Observed.notFound("vault not found");
    deletedVault = deleted;
    keyObserved = Observed.skipped("the vault was not found");
    versionsObserved = Observed.skipped("the vault was not found");
    return this;
  }

  PolicyTarget target() {
    return new PolicyTarget(
        ResourceId.parse(REGISTRY_ID, ResourceId.REGISTRY_TYPE),
        ResourceId.parse(VAULT_ID, ResourceId.VAULT_TYPE),
        KEY_NAME,
        pinnedVersion,
        identityType,
        identityType == IdentityType.UserAssigned
            ? ResourceId.parse(IDENTITY_ID, ResourceId.IDENTITY_TYPE)
            : null);
  }

  AzureSnapshot snapshot() {
    return new AzureSnapshot(
        NOW,
        registryObserved != null ? registryObserved : Observed.found(registryState()),
        identityObserved != null ? identityObserved : Observed.found(identityState()),
        vaultObserved != null ? vaultObserved : Observed.found(vaultState()),
        deletedVault,
        keyObserved != null ? keyObserved : Observed.found(versions.get(currentVersion).state()),
        versionsObserved != null
            ? versionsObserved
            : Observed.found(versions.values().stream().map(KeyVersionFields::state).toList()),
        deletedKey,
        assignmentsObserved != null
            ? assignmentsObserved
            : Observed.found(List.copyOf(assignments)),
        definitions);
  }

  CheckInput input() {
    return new CheckInput(target(), snapshot(), NOW, keyExpiryWarning);
  }

  RegistryState registryState() {
    RegistryState.RegistryIdentity identityBlock =
        registry.hasIdentityBlock
            ? new RegistryState.RegistryIdentity(
                registry.identityTypes,
                registry.systemPrincipalId,
                registry.systemTenantId,
                registry.userAssigned)
            : null;
    RegistryState.KeyVaultProperties keyVault =
        registry.hasKeyVaultProperties
            ? new RegistryState.KeyVaultProperties(
                registry.keyIdentifier,
                registry.versionedKeyIdentifier,
                registry.encryptionIdentity,
                registry.keyIdentifier != null
                    && !registry.keyIdentifier.matches(".*/[0-9a-f]{32}"),
                OffsetDateTime.ofInstant(NOW.minus(Duration.ofDays(9)), ZoneOffset.UTC))
            : null;
    RegistryState.Encryption encryption =
        registry.hasEncryptionBlock
            ? new RegistryState.Encryption(registry.encryptionStatus, keyVault)
            : null;
    return new RegistryState(
        registry.id,
        REGISTRY_NAME,
        "westeurope",
        registry.sku,
        "Succeeded",
        identityBlock,
        encryption);
  }

  IdentityState identityState() {
    return new IdentityState(
        identity.id, IDENTITY_NAME, identity.tenantId, identity.principalId, identity.clientId);
  }

  VaultState vaultState() {
    return new VaultState(
        vault.id,
        VAULT_NAME,
        "westeurope",
        vault.tenantId,
        vault.vaultUri,
        vault.softDelete,
        vault.retentionDays,
        vault.purgeProtection,
        vault.rbac,
        vault.publicNetworkAccess,
        vault.networkAcls,
        vault.accessPolicies,
        vault.privateEndpoints);
  }

  /** Returns the key state of {@code version}, for tests that build version lists by hand. */
  KeyState keyState(String version) {
    return versions.get(version).state();
  }

  static RoleAssignmentState assignment(String scope, String roleDefinitionId, String principal) {
    return new RoleAssignmentState(
        scope
            + "/providers/Microsoft.Authorization/roleAssignments/b1f4c3d2-0000-4000-8000-000000000001",
        scope,
        roleDefinitionId,
        principal);
  }

  static RoleDefinitionState role(
      String id,
      String name,
      List<String> actions,
      List<String> dataActions,
      List<String> notDataActions) {
    return new RoleDefinitionState(
        id, name, List.of(new Permission(actions, List.of(), dataActions, notDataActions)));
  }

  /** Returns the role definition ID of a custom role with {@code guid} in the subscription. */
  static String roleDefinitionId(String guid) {
    return "/subscriptions/"
        + SUBSCRIPTION
        + "/providers/Microsoft.Authorization/roleDefinitions/"
        + guid;
  }

  /** Returns a failure of {@code kind} as the adapter would classify it. */
  static ReadFailure failure(ReadFailure.Kind kind, String operation) {
    return switch (kind) {
      case THROTTLED ->
          new ReadFailure(
              kind,
              operation,
              429,
              "TooManyRequests",
              "Rate limit exceeded.",
              "req-429",
              Duration.ofSeconds(17));
      case UNAVAILABLE ->
          new ReadFailure(
              kind, operation, 503, "ServiceUnavailable", "Try again later.", "req-503", null);
      case TIMED_OUT -> new ReadFailure(kind, operation, 0, null, "no response in 30s", null, null);
      case FORBIDDEN ->
          new ReadFailure(
              kind,
              operation,
              403,
              "AuthorizationFailed",
              "The client does not have authorization to perform action.",
              "req-403",
              null);
      case INVALID_RESPONSE ->
          new ReadFailure(kind, operation, 200, null, "properties.sku is missing", "req-200", null);
    };
  }
}
