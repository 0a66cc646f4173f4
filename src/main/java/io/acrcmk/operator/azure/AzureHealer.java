package io.acrcmk.operator.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.rest.Response;
import com.azure.core.management.polling.PollResult;
import com.azure.core.management.polling.PollerFactory;
import com.azure.core.management.serializer.SerializerFactory;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.core.util.serializer.SerializerAdapter;
import com.azure.resourcemanager.containerregistry.fluent.ContainerRegistryManagementClient;
import com.azure.resourcemanager.containerregistry.fluent.models.RegistryInner;
import com.azure.resourcemanager.containerregistry.models.EncryptionProperty;
import com.azure.resourcemanager.containerregistry.models.EncryptionStatus;
import com.azure.resourcemanager.containerregistry.models.KeyVaultProperties;
import com.azure.resourcemanager.containerregistry.models.RegistryUpdateParameters;
import com.azure.resourcemanager.keyvault.fluent.VaultsClient;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.resourcemanager.keyvault.models.NetworkRuleBypassOptions;
import com.azure.resourcemanager.keyvault.models.NetworkRuleSet;
import com.azure.resourcemanager.keyvault.models.VaultPatchParameters;
import com.azure.resourcemanager.keyvault.models.VaultPatchProperties;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Azure writes that repair a customer-managed-key fault, each the narrowest REST call that does
 * what a documented {@code az} command does. Registry changes are PATCH requests carrying only the
 * block that changes, never a full PUT. Each method first reads the resource, so the change is
 * built from the resource as Azure returns it now, and nothing is sent when the change is already
 * in place. No method removes an identity, an access right, a network rule or a key.
 *
 * <p>Writes go through the same SDK clients, HTTP pipeline, retry and timeout policies as the
 * reads, so a 429, 5xx or timeout is retried up to the configured number of times within one call.
 * Methods never throw for what Azure answers; every fault becomes a {@code FAILED} result.
 *
 * <p>A healer made by {@link #sharing} also drops what its loader's shared read cache stores of the
 * resource each method writes, after the write and whatever its outcome, because even a failed or
 * timed-out request may have changed the resource. The check after a repair, and every other
 * policy's next check of the same vault or key, then read Azure again instead of a state from
 * before the write.
 */
public final class AzureHealer {

  /** Operation names, as used in results, in logs and by the simulator's fault rules. */
  static final String REGISTRIES_GET = AzureReads.REGISTRIES_GET;

  static final String REGISTRIES_UPDATE = "registries.update";
  static final String VAULTS_GET = AzureReads.VAULTS_GET;
  static final String VAULTS_UPDATE = "vaults.update";
  static final String DATAPLANE_DELETED_KEYS_RECOVER = "dataplane.deletedKeys.recover";

  /**
   * How long a registry PATCH that ARM runs as a long-running operation may take. ACR returns 200,
   * or 201 with an Azure-AsyncOperation URL to poll.
   */
  // NOTE: how long ACR takes to finish such an update is not documented. Two minutes is a guess
  // that bounds how long a reconcile thread can wait.
  static final Duration REGISTRY_UPDATE_TIMEOUT = Duration.ofMinutes(2);

  /** Poll interval of a registry update when ARM sends no Retry-After header. */
  static final Duration REGISTRY_UPDATE_POLL_INTERVAL = Duration.ofSeconds(5);

  /** How long to wait for a recovered key to become readable. */
  static final Duration KEY_RECOVERY_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration KEY_RECOVERY_POLL_INTERVAL = Duration.ofSeconds(1);
  private static final HttpHeaderName REQUEST_ID = HttpHeaderName.fromString("x-ms-request-id");
  private static final SerializerAdapter SERIALIZER =
      SerializerFactory.createDefaultManagementSerializerAdapter();

  private final AzureClients clients;
  private final SharedReadCache cache;

  private AzureHealer(AzureClients clients, SharedReadCache cache) {
    this.clients = clients;
    this.cache = cache;
  }

  /** Creates a healer with its own SDK clients and no cache to invalidate. */
  public AzureHealer(AzureConnection connection, AzureRetryOptions retryOptions) {
    this(
        new AzureClients(Objects.requireNonNull(connection), Objects.requireNonNull(retryOptions)),
        null);
  }

  /**
   * Creates a healer that writes through the SDK clients {@code loader} reads through, and drops
   * what each write changes from the loader's shared read cache.
   */
  public static AzureHealer sharing(AzureSnapshotLoader loader) {
    return new AzureHealer(loader.clients(), loader.cache());
  }

  /**
   * Attaches an identity to the registry, as {@code az acr identity assign} does: a PATCH of the
   * registry's {@code identity} block that lists every user-assigned identity already attached plus
   * the declared one, and keeps the system-assigned identity when the registry has one.
   *
   * @param registry the registry
   * @param identity the user-assigned identity to attach, or null to enable the registry's
   *     system-assigned identity
   */
  public AzureWriteResult reassignIdentity(ResourceId registry, ResourceId identity) {
    return thenInvalidate(() -> attachIdentity(registry, identity), registry.toString());
  }

  private AzureWriteResult attachIdentity(ResourceId registry, ResourceId identity) {
    RegistryInner current;
    try {
      current = readRegistry(registry);
    } catch (RuntimeException e) {
      return failed(REGISTRIES_GET, e);
    }
    IdentityAssignment assignment = IdentityAssignment.of(current.identity());
    String what =
        identity == null
            ? "the system-assigned identity"
            : "identity " + identity + " (keeping " + assignment.describeKept() + ")";
    if (!assignment.add(identity)) {
      return AzureWriteResult.unchanged(
          REGISTRIES_UPDATE, what + " is already attached to registry " + registry.name());
    }
    RegistryUpdateParameters change =
        new RegistryUpdateParameters().withIdentity(assignment.toIdentityProperties());
    return patchRegistry(registry, change, "attached " + what + " to registry " + registry.name());
  }

  /**
   * Points the registry at another key identifier, as {@code az acr encryption rotate-key} does: a
   * PATCH of {@code properties.encryption} with the new key identifier and the identity the
   * registry already uses for the vault.
   */
  public AzureWriteResult rotateKey(ResourceId registry, String keyIdentifier) {
    return thenInvalidate(() -> pointAtKey(registry, keyIdentifier), registry.toString());
  }

  private AzureWriteResult pointAtKey(ResourceId registry, String keyIdentifier) {
    RegistryInner current;
    try {
      current = readRegistry(registry);
    } catch (RuntimeException e) {
      return failed(REGISTRIES_GET, e);
    }
    KeyVaultProperties keyVault =
        current.encryption() == null ? null : current.encryption().keyVaultProperties();
    if (keyVault == null) {
      return AzureWriteResult.failed(
          REGISTRIES_UPDATE,
          "not sent, because registry "
              + registry.name()
              + " has no customer-managed key to rotate, and one can only be set when the"
              + " registry is created",
          null,
          0,
          null);
    }
    RegistryUpdateParameters change =
        new RegistryUpdateParameters()
            .withEncryption(
                new EncryptionProperty()
                    .withStatus(EncryptionStatus.ENABLED)
                    .withKeyVaultProperties(
                        new KeyVaultProperties()
                            .withKeyIdentifier(keyIdentifier)
                            .withIdentity(keyVault.identity())));
    return patchRegistry(
        registry,
        change,
        "pointed registry "
            + registry.name()
            + " at key "
            + keyIdentifier
            + " (it was at "
            + keyVault.keyIdentifier()
            + ")");
  }

  /**
   * Lets trusted Azure services through the vault firewall, as {@code az keyvault update --bypass
   * AzureServices} does, but with a PATCH of {@code properties.networkAcls} instead of the CLI's
   * PUT of the whole vault. The PATCH carries the network rules exactly as read, with only {@code
   * bypass} changed, because whether Key Vault merges a partial {@code networkAcls} is not
   * documented; access policies, tags and every other property are not sent and stay as they are.
   */
  public AzureWriteResult enableTrustedServicesBypass(ResourceId vault) {
    return thenInvalidate(() -> setBypass(vault), vault.toString());
  }

  private AzureWriteResult setBypass(ResourceId vault) {
    VaultsClient vaults =
        clients.forSubscription(vault.subscriptionId()).keyVaults().serviceClient().getVaults();
    VaultInner current;
    try {
      current =
          vaults
              .getByResourceGroupWithResponse(vault.resourceGroup(), vault.name(), Context.NONE)
              .getValue();
      Objects.requireNonNull(current, "the vault read returned no body");
    } catch (RuntimeException e) {
      return failed(VAULTS_GET, e);
    }
    NetworkRuleSet acls = current.properties() == null ? null : current.properties().networkAcls();
    if (acls == null || bypassesTrustedServices(acls.bypass())) {
      return AzureWriteResult.unchanged(
          VAULTS_UPDATE,
          "vault " + vault.name() + " already lets trusted Azure services through its firewall");
    }
    String before = String.valueOf(acls.bypass());
    acls.withBypass(NetworkRuleBypassOptions.AZURE_SERVICES);
    VaultPatchParameters change =
        new VaultPatchParameters().withProperties(new VaultPatchProperties().withNetworkAcls(acls));
    try {
      Response<VaultInner> response =
          vaults.updateWithResponse(vault.resourceGroup(), vault.name(), change, Context.NONE);
      return AzureWriteResult.applied(
          VAULTS_UPDATE,
          "set networkAcls.bypass of vault "
              + vault.name()
              + " from "
              + before
              + " to AzureServices, keeping its default action, IP and virtual network rules",
          response.getHeaders().getValue(REQUEST_ID));
    } catch (RuntimeException e) {
      return failed(VAULTS_UPDATE, e);
    }
  }

  /**
   * Recovers a soft-deleted key through the Key Vault data plane, as {@code az keyvault key
   * recover} does, and waits up to {@link #KEY_RECOVERY_TIMEOUT} for it to become readable. The SDK
   * does not expose the request ID of a successful recovery.
   *
   * @param vault the vault's resource ID, under which the key's cached reads are dropped
   * @param vaultUri the vault's data-plane URI, which the request goes to
   * @param keyName the name of the soft-deleted key
   */
  public AzureWriteResult recoverDeletedKey(ResourceId vault, String vaultUri, String keyName) {
    return thenInvalidate(
        () -> recoverKey(vaultUri, keyName),
        vault + "/keys/" + keyName,
        vault + "/deletedkeys/" + keyName);
  }

  private AzureWriteResult recoverKey(String vaultUri, String keyName) {
    SyncPoller<KeyVaultKey, Void> poller;
    try {
      poller = clients.keyClient(vaultUri).beginRecoverDeletedKey(keyName);
    } catch (InvalidAzureResponseException e) {
      return AzureWriteResult.failed(
          DATAPLANE_DELETED_KEYS_RECOVER, "not sent: " + e.getMessage(), null, 0, null);
    } catch (RuntimeException e) {
      return failed(DATAPLANE_DELETED_KEYS_RECOVER, e);
    }
    String recovered = "recovered soft-deleted key " + keyName + " in vault " + vaultUri;
    try {
      if (awaitRecovery(poller)) {
        return AzureWriteResult.applied(DATAPLANE_DELETED_KEYS_RECOVER, recovered, null);
      }
      return AzureWriteResult.applied(
          DATAPLANE_DELETED_KEYS_RECOVER,
          recovered
              + "; Key Vault accepted the recovery, but the key was not readable within "
              + KEY_RECOVERY_TIMEOUT.toSeconds()
              + "s",
          null);
    } catch (RuntimeException e) {
      // The recovery itself was accepted; only reading the key back failed.
      return AzureWriteResult.applied(
          DATAPLANE_DELETED_KEYS_RECOVER,
          recovered + "; reading the key back failed: " + Throwables.describe(e),
          null);
    }
  }

  /**
   * Runs {@code write}, then drops the cached reads of {@code resources} and of everything under
   * them, even when the write failed or threw.
   */
  private AzureWriteResult thenInvalidate(Supplier<AzureWriteResult> write, String... resources) {
    try {
      return write.get();
    } finally {
      if (cache != null) {
        for (String resource : resources) {
          cache.invalidate(resource);
        }
      }
    }
  }

  private boolean awaitRecovery(SyncPoller<KeyVaultKey, Void> poller) {
    long deadline = System.nanoTime() + KEY_RECOVERY_TIMEOUT.toNanos();
    PollResponse<KeyVaultKey> response = poller.poll();
    while (!response.getStatus().isComplete()) {
      if (System.nanoTime() + KEY_RECOVERY_POLL_INTERVAL.toNanos() > deadline) {
        return false;
      }
      sleep(KEY_RECOVERY_POLL_INTERVAL);
      response = poller.poll();
    }
    return response.getStatus() == LongRunningOperationStatus.SUCCESSFULLY_COMPLETED;
  }

  private RegistryInner readRegistry(ResourceId registry) {
    RegistryInner current =
        registryClient(registry)
            .getRegistries()
            .getByResourceGroupWithResponse(registry.resourceGroup(), registry.name(), Context.NONE)
            .getValue();
    return Objects.requireNonNull(current, "the registry read returned no body");
  }

  /**
   * Sends a registry PATCH and follows it to completion when ARM runs it as a long-running
   * operation. The poller is built here rather than taken from {@code beginUpdate}, because only
   * the first response carries the request ID.
   */
  private AzureWriteResult patchRegistry(
      ResourceId registry, RegistryUpdateParameters change, String detail) {
    ContainerRegistryManagementClient service = registryClient(registry);
    AtomicReference<String> requestId = new AtomicReference<>();
    Mono<Response<Flux<ByteBuffer>>> activation =
        service
            .getRegistries()
            .updateWithResponseAsync(registry.resourceGroup(), registry.name(), change)
            .doOnNext(response -> requestId.set(response.getHeaders().getValue(REQUEST_ID)));
    try {
      SyncPoller<PollResult<RegistryInner>, RegistryInner> poller =
          PollerFactory.<RegistryInner, RegistryInner>create(
                  SERIALIZER,
                  service.getHttpPipeline(),
                  RegistryInner.class,
                  RegistryInner.class,
                  REGISTRY_UPDATE_POLL_INTERVAL,
                  activation)
              .getSyncPoller();
      PollResponse<PollResult<RegistryInner>> last =
          poller.waitForCompletion(REGISTRY_UPDATE_TIMEOUT);
      if (last.getStatus() != LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
        return lroFailure(last, requestId.get());
      }
      return AzureWriteResult.applied(REGISTRIES_UPDATE, detail, requestId.get());
    } catch (RuntimeException e) {
      if (requestId.get() != null && Throwables.find(e, HttpResponseException.class) == null) {
        // ARM accepted the PATCH; only following the operation failed or timed out.
        return AzureWriteResult.applied(
            REGISTRIES_UPDATE,
            detail + "; ARM accepted it but did not report completion: " + Throwables.describe(e),
            requestId.get());
      }
      return failed(REGISTRIES_UPDATE, e, requestId.get());
    }
  }

  private static AzureWriteResult lroFailure(
      PollResponse<PollResult<RegistryInner>> last, String requestId) {
    PollResult.Error error = last.getValue() == null ? null : last.getValue().getError();
    String message =
        "the long-running update ended as "
            + last.getStatus()
            + (error == null || error.getMessage() == null ? "" : ": " + error.getMessage());
    return AzureWriteResult.failed(
        REGISTRIES_UPDATE,
        message,
        requestId,
        error == null ? 0 : error.getResponseStatusCode(),
        null);
  }

  private ContainerRegistryManagementClient registryClient(ResourceId registry) {
    return clients.forSubscription(registry.subscriptionId()).registries().serviceClient();
  }

  private static boolean bypassesTrustedServices(NetworkRuleBypassOptions bypass) {
    if (bypass == null || bypass.toString() == null || bypass.toString().isBlank()) {
      // Key Vault's default when bypass is absent is AzureServices.
      return true;
    }
    for (String option : bypass.toString().split(",")) {
      if ("azureservices".equals(option.strip().toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private static AzureWriteResult failed(String operation, RuntimeException error) {
    return failed(operation, error, null);
  }

  /** Classifies {@code error} as the reads do and keeps status, code and request ID. */
  private static AzureWriteResult failed(
      String operation, RuntimeException error, String fallbackRequestId) {
    Observed<Object> outcome = AzureErrorClassifier.classify(operation, error);
    ReadFailure failure = outcome.failureOrNull();
    if (failure != null) {
      return AzureWriteResult.failed(
          operation,
          failure.message() == null ? failure.kind().toString() : failure.message(),
          failure.requestId() != null ? failure.requestId() : fallbackRequestId,
          failure.httpStatus(),
          failure.errorCode());
    }
    // Azure returned 404 with a code that says the resource is gone.
    String detail = ((Observed.NotFound<Object>) outcome).detail();
    HttpResponseException http = Throwables.find(error, HttpResponseException.class);
    int colon = detail == null ? -1 : detail.indexOf(':');
    return AzureWriteResult.failed(
        operation,
        detail == null ? "not found" : detail.substring(colon + 1).strip(),
        http == null ? fallbackRequestId : http.getResponse().getHeaderValue(REQUEST_ID),
        404,
        colon < 0 ? null : detail.substring(0, colon));
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a key recovery", e);
    }
  }
}
