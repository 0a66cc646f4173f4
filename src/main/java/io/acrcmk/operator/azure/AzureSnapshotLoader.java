package io.acrcmk.operator.azure;

import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.azure.snapshot.DeletedKeyState;
import io.acrcmk.operator.azure.snapshot.DeletedVaultState;
import io.acrcmk.operator.azure.snapshot.IdentityState;
import io.acrcmk.operator.azure.snapshot.KeyState;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import io.acrcmk.operator.azure.snapshot.RoleAssignmentState;
import io.acrcmk.operator.azure.snapshot.RoleDefinitionState;
import io.acrcmk.operator.azure.snapshot.VaultState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads one policy's Azure resources through the Azure SDK into an {@link AzureSnapshot}.
 *
 * <p>Read order: registry, identity (user-assigned only), vault, deleted vault (only when the vault
 * is not found), key and its versions (only when the vault was read), deleted key (only when the
 * key is not found), then role assignments and their role definitions (only for a vault that uses
 * Azure RBAC and an encryption principal that is known). A read that is not made is recorded as
 * {@code Skipped} with the reason. The registry, identity and vault reads do not depend on each
 * other, so they can later run in parallel.
 */
public final class AzureSnapshotLoader implements SnapshotSource {

  private final AzureClients clients;
  private final SharedReads sharedReads;
  private final SharedReadCache cache;
  private final Clock clock;

  /** Creates a loader with the default retry options. */
  public AzureSnapshotLoader(AzureConnection connection) {
    this(connection, AzureRetryOptions.DEFAULT, Clock.systemUTC());
  }

  /** Creates a loader with the given retry options. */
  public AzureSnapshotLoader(AzureConnection connection, AzureRetryOptions retryOptions) {
    this(connection, retryOptions, Clock.systemUTC());
  }

  /**
   * Creates a loader. The SDK clients are created once per subscription and once per vault and
   * reused by every {@link #load} call.
   *
   * @param connection the cloud, credential, HTTP client and per-attempt timeout
   * @param retryOptions how failed attempts are retried
   * @param clock the source of {@link AzureSnapshot#readAt()}
   */
  public AzureSnapshotLoader(
      AzureConnection connection, AzureRetryOptions retryOptions, Clock clock) {
    this(connection, retryOptions, clock, null, null);
  }

  /**
   * Creates a loader whose ARM reads wait for a slot in a per-subscription budget and whose reads
   * of shared resources go through a cache. Every policy checked through this loader shares both.
   *
   * @param connection the cloud, credential, HTTP client and per-attempt timeout
   * @param retryOptions how failed attempts are retried
   * @param clock the source of {@link AzureSnapshot#readAt()}
   * @param budgets the ARM read budget of each subscription, or null to send reads at once
   * @param cache the cache of identity, vault, key and role reads, or null to read them for every
   *     policy
   */
  public AzureSnapshotLoader(
      AzureConnection connection,
      AzureRetryOptions retryOptions,
      Clock clock,
      SubscriptionBudgets budgets,
      SharedReadCache cache) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(retryOptions, "retryOptions");
    this.clients = new AzureClients(connection, retryOptions, budgets);
    this.sharedReads = new SharedReads(new AzureReads(clients), cache);
    this.cache = cache;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * {@inheritDoc}
   *
   * <p>Shared resources come from the cache when they were read less than {@link
   * SharedReadCache#DEFAULT_MAX_AGE} ago, which suits a policy of any check interval.
   */
  @Override
  public AzureSnapshot load(PolicyTarget target) {
    return load(target, SharedReadCache.DEFAULT_MAX_AGE);
  }

  /**
   * Reads the Azure state that {@code target} names, taking shared resources from the cache when
   * they were read less than {@code maxAge} ago and within the cache's time to live. Passing the
   * policy's check interval keeps every check on data younger than its interval, and lets a fleet
   * on one interval read each shared resource about once per interval.
   */
  @Override
  public AzureSnapshot load(PolicyTarget target, Duration maxAge) {
    Objects.requireNonNull(target, "target");
    SharedReads reads = sharedReads.freshWithin(maxAge);
    Instant readAt = clock.instant();

    Observed<RegistryState> registry = reads.registry(target.registry());
    Observed<IdentityState> identity = readIdentity(reads, target);
    Observed<VaultState> vault = reads.vault(target.vault());

    Observed<DeletedVaultState> deletedVault =
        vault.isNotFound()
            ? reads.deletedVault(target.vault())
            : Observed.skipped(describe("vault " + target.vault(), vault));

    KeyReads key = readKey(reads, target, vault, registry);
    RoleReads roles =
        readRoles(reads, target, vault, encryptionPrincipal(target, registry, identity));

    return new AzureSnapshot(
        readAt,
        registry,
        identity,
        vault,
        deletedVault,
        key.current(),
        key.versions(),
        key.deleted(),
        roles.assignments(),
        roles.definitions());
  }

  /** Returns the SDK clients this loader reads through, so that writes can share them. */
  AzureClients clients() {
    return clients;
  }

  /** Returns the cache of shared reads, or null, so that writes can invalidate what they change. */
  SharedReadCache cache() {
    return cache;
  }

  private static Observed<IdentityState> readIdentity(SharedReads reads, PolicyTarget target) {
    if (target.identityType() != IdentityType.UserAssigned) {
      return Observed.skipped("the policy uses the registry's system-assigned identity");
    }
    return reads.identity(target.identity());
  }

  private static KeyReads readKey(
      SharedReads reads,
      PolicyTarget target,
      Observed<VaultState> vault,
      Observed<RegistryState> registry) {
    if (!vault.isFound()) {
      String reason = describe("vault " + target.vault(), vault);
      return new KeyReads(
          Observed.skipped(reason), Observed.skipped(reason), Observed.skipped(reason));
    }
    Observed<KeyState> current = reads.key(target.vault(), target.keyName());
    Observed<List<KeyState>> versions =
        current.isFound()
            ? completeVersionsInUse(
                reads,
                target,
                current.valueOrNull(),
                reads.keyVersions(target.vault(), target.keyName()),
                registry)
            : Observed.skipped(describe("key " + target.keyName(), current));
    Observed<DeletedKeyState> deleted =
        current.isNotFound()
            ? reads.deletedKey(target.vault(), vault.valueOrNull().vaultUri(), target.keyName())
            : Observed.skipped(describe("key " + target.keyName(), current));
    return new KeyReads(current, versions, deleted);
  }

  /**
   * Replaces the list entries of the versions the checks evaluate (the pinned version and the one
   * the registry uses) by full reads, because the version list carries only attributes. A failed
   * read makes the whole list failed, so the checks report Unknown rather than judge a version
   * whose type they cannot see.
   */
  private static Observed<List<KeyState>> completeVersionsInUse(
      SharedReads reads,
      PolicyTarget target,
      KeyState current,
      Observed<List<KeyState>> versions,
      Observed<RegistryState> registry) {
    if (!versions.isFound()) {
      return versions;
    }
    Set<String> wanted = new LinkedHashSet<>();
    if (target.keyVersion() != null) {
      wanted.add(target.keyVersion());
    }
    String inUse = versionInUse(registry.valueOrNull());
    if (inUse != null) {
      wanted.add(inUse);
    }
    List<KeyState> completed = new ArrayList<>(versions.valueOrNull());
    for (int i = 0; i < completed.size(); i++) {
      KeyState listed = completed.get(i);
      if (listed.version() == null
          || !wanted.contains(listed.version().toLowerCase(Locale.ROOT))
          || listed.version().equalsIgnoreCase(current.version())
          || listed.keyType() != null) {
        continue;
      }
      Observed<KeyState> full =
          reads.keyVersion(target.vault(), target.keyName(), listed.version());
      if (full.failureOrNull() != null) {
        return Observed.failed(full.failureOrNull());
      }
      if (full.isFound()) {
        completed.set(i, full.valueOrNull());
      }
    }
    return Observed.found(List.copyOf(completed));
  }

  /** Returns the lower-case version in the registry's versionedKeyIdentifier, or null. */
  private static String versionInUse(RegistryState registry) {
    if (registry == null
        || registry.encryption() == null
        || registry.encryption().keyVault() == null
        || registry.encryption().keyVault().versionedKeyIdentifier() == null) {
      return null;
    }
    String version =
        SnapshotMapper.lastSegment(registry.encryption().keyVault().versionedKeyIdentifier());
    return version == null ? null : version.toLowerCase(Locale.ROOT);
  }

  /**
   * Returns the object ID of the identity the registry encrypts with: the user-assigned identity's
   * principal, or the registry's system-assigned principal. {@code Skipped} with the reason when it
   * is not known.
   */
  private static Observed<String> encryptionPrincipal(
      PolicyTarget target, Observed<RegistryState> registry, Observed<IdentityState> identity) {
    if (target.identityType() == IdentityType.UserAssigned) {
      if (!identity.isFound()) {
        return Observed.skipped(describe("identity " + target.identity(), identity));
      }
      return Observed.found(identity.valueOrNull().principalId());
    }
    if (!registry.isFound()) {
      return Observed.skipped(describe("registry " + target.registry(), registry));
    }
    RegistryState.RegistryIdentity registryIdentity = registry.valueOrNull().identity();
    if (registryIdentity == null || registryIdentity.principalId() == null) {
      return Observed.skipped("registry " + target.registry() + " has no system-assigned identity");
    }
    return Observed.found(registryIdentity.principalId());
  }

  private static RoleReads readRoles(
      SharedReads reads,
      PolicyTarget target,
      Observed<VaultState> vault,
      Observed<String> principal) {
    if (!vault.isFound()) {
      return RoleReads.skipped(describe("vault " + target.vault(), vault));
    }
    if (!Boolean.TRUE.equals(vault.valueOrNull().enableRbacAuthorization())) {
      return RoleReads.skipped(
          "vault " + target.vault() + " authorises with access policies, not Azure RBAC");
    }
    if (!principal.isFound()) {
      return RoleReads.skipped(((Observed.Skipped<String>) principal).reason());
    }
    Observed<List<RoleAssignmentState>> assignments =
        reads.roleAssignments(target.vault(), principal.valueOrNull());
    Map<String, Observed<RoleDefinitionState>> definitions = new LinkedHashMap<>();
    if (assignments.isFound()) {
      for (RoleAssignmentState assignment : assignments.valueOrNull()) {
        String key =
            SnapshotMapper.lastSegment(assignment.roleDefinitionId()).toLowerCase(Locale.ROOT);
        if (!definitions.containsKey(key)) {
          definitions.put(key, reads.roleDefinition(target.vault(), assignment.roleDefinitionId()));
        }
      }
    }
    return new RoleReads(assignments, definitions);
  }

  /** Returns the reason a read that depends on {@code outcome} is not made. */
  private static String describe(String subject, Observed<?> outcome) {
    if (outcome instanceof Observed.NotFound<?>) {
      return subject + " was not found";
    }
    if (outcome instanceof Observed.Failed<?> failed) {
      return subject + " could not be read: " + failed.failure().describe();
    }
    if (outcome instanceof Observed.Skipped<?> skipped) {
      return subject + " was not read: " + skipped.reason();
    }
    return subject + " exists";
  }

  private record KeyReads(
      Observed<KeyState> current,
      Observed<List<KeyState>> versions,
      Observed<DeletedKeyState> deleted) {}

  private record RoleReads(
      Observed<List<RoleAssignmentState>> assignments,
      Map<String, Observed<RoleDefinitionState>> definitions) {

    static RoleReads skipped(String reason) {
      return new RoleReads(Observed.skipped(reason), Map.of());
    }
  }
}
