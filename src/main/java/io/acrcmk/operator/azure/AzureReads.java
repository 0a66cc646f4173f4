package io.acrcmk.operator.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.rest.PagedIterable;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentInner;
import com.azure.resourcemanager.keyvault.fluent.models.DeletedVaultInner;
import com.azure.resourcemanager.keyvault.fluent.models.KeyInner;
import io.acrcmk.operator.azure.AzureClients.SubscriptionClients;
import io.acrcmk.operator.azure.snapshot.DeletedKeyState;
import io.acrcmk.operator.azure.snapshot.DeletedVaultState;
import io.acrcmk.operator.azure.snapshot.IdentityState;
import io.acrcmk.operator.azure.snapshot.KeyState;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import io.acrcmk.operator.azure.snapshot.RoleAssignmentState;
import io.acrcmk.operator.azure.snapshot.RoleDefinitionState;
import io.acrcmk.operator.azure.snapshot.VaultState;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One method per Azure read. Each method makes its SDK call, maps the response to a snapshot record
 * and turns every Azure fault into an outcome, so none of them throws for an Azure fault.
 */
final class AzureReads {

  /** Operation names, as used in {@code ReadFailure.operation} and in logs. */
  static final String REGISTRIES_GET = "registries.get";

  static final String IDENTITIES_GET = "identities.get";
  static final String VAULTS_GET = "vaults.get";
  static final String VAULTS_LIST_DELETED = "vaults.listDeleted";
  static final String KEYS_GET = "keys.get";
  static final String KEYS_LIST_VERSIONS = "keys.listVersions";
  static final String KEYS_GET_VERSION = "keys.getVersion";
  static final String ROLE_ASSIGNMENTS_LIST_FOR_SCOPE = "roleAssignments.listForScope";
  static final String ROLE_DEFINITIONS_GET = "roleDefinitions.get";
  static final String DATAPLANE_DELETED_KEYS_GET = "dataplane.deletedKeys.get";

  /**
   * The maximum number of pages one list read follows. Real responses fit in a page or two, and the
   * limit stops a server that keeps sending next links.
   */
  static final int MAX_PAGES = 50;

  private static final Logger LOG = LoggerFactory.getLogger(AzureReads.class);
  private static final HttpHeaderName REQUEST_ID = HttpHeaderName.fromString("x-ms-request-id");
  private static final Pattern GUID =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private final AzureClients clients;

  AzureReads(AzureClients clients) {
    this.clients = clients;
  }

  Observed<RegistryState> registry(ResourceId registry) {
    return read(
        REGISTRIES_GET,
        registry.toString(),
        () ->
            found(
                arm(registry)
                    .registries()
                    .serviceClient()
                    .getRegistries()
                    .getByResourceGroupWithResponse(
                        registry.resourceGroup(), registry.name(), Context.NONE),
                SnapshotMapper::registry));
  }

  Observed<IdentityState> identity(ResourceId identity) {
    return read(
        IDENTITIES_GET,
        identity.toString(),
        () ->
            found(
                arm(identity)
                    .identities()
                    .serviceClient()
                    .getUserAssignedIdentities()
                    .getByResourceGroupWithResponse(
                        identity.resourceGroup(), identity.name(), Context.NONE),
                SnapshotMapper::identity));
  }

  Observed<VaultState> vault(ResourceId vault) {
    return read(
        VAULTS_GET,
        vault.toString(),
        () ->
            found(
                arm(vault)
                    .keyVaults()
                    .serviceClient()
                    .getVaults()
                    .getByResourceGroupWithResponse(
                        vault.resourceGroup(), vault.name(), Context.NONE),
                SnapshotMapper::vault));
  }

  /**
   * Looks for the vault in its subscription's deleted-vaults list. An entry matches when its {@code
   * properties.vaultId} names the vault, or, when that field is missing, by name.
   */
  Observed<DeletedVaultState> deletedVault(ResourceId vault) {
    return read(
        VAULTS_LIST_DELETED,
        vault.toString(),
        () -> {
          PagedIterable<DeletedVaultInner> deleted =
              arm(vault).keyVaults().serviceClient().getVaults().listDeleted(Context.NONE);
          for (DeletedVaultInner entry : collect(deleted, "the deleted-vaults list")) {
            String vaultId = entry.properties() == null ? null : entry.properties().vaultId();
            boolean matches =
                vaultId != null
                    ? vault.sameAs(vaultId)
                    : vault.name().equalsIgnoreCase(entry.name());
            if (matches) {
              return Observed.found(SnapshotMapper.deletedVault(entry));
            }
          }
          return Observed.notFound(
              "no deleted vault with ID " + vault + " in subscription " + vault.subscriptionId());
        });
  }

  Observed<KeyState> key(ResourceId vault, String keyName) {
    return read(
        KEYS_GET,
        vault + "/keys/" + keyName,
        () ->
            found(
                arm(vault)
                    .keyVaults()
                    .serviceClient()
                    .getKeys()
                    .getWithResponse(vault.resourceGroup(), vault.name(), keyName, Context.NONE),
                SnapshotMapper::key));
  }

  /**
   * Reads one key version in full. The version list leaves out the key type, size and allowed
   * operations, so a version other than the current one needs this read to be checked.
   */
  Observed<KeyState> keyVersion(ResourceId vault, String keyName, String version) {
    return read(
        KEYS_GET_VERSION,
        vault + "/keys/" + keyName + "/versions/" + version,
        () ->
            found(
                arm(vault)
                    .keyVaults()
                    .serviceClient()
                    .getKeys()
                    .getVersionWithResponse(
                        vault.resourceGroup(), vault.name(), keyName, version, Context.NONE),
                SnapshotMapper::key));
  }

  Observed<List<KeyState>> keyVersions(ResourceId vault, String keyName) {
    return read(
        KEYS_LIST_VERSIONS,
        vault + "/keys/" + keyName,
        () -> {
          PagedIterable<KeyInner> versions =
              arm(vault)
                  .keyVaults()
                  .serviceClient()
                  .getKeys()
                  .listVersions(vault.resourceGroup(), vault.name(), keyName, Context.NONE);
          List<KeyState> mapped = new ArrayList<>();
          for (KeyInner version : collect(versions, "the versions of key " + keyName)) {
            mapped.add(SnapshotMapper.key(version));
          }
          return Observed.found(List.copyOf(mapped));
        });
  }

  Observed<DeletedKeyState> deletedKey(String vaultUri, String keyName) {
    return read(
        DATAPLANE_DELETED_KEYS_GET,
        "deleted key " + keyName + " in " + vaultUri,
        () -> {
          if (vaultUri == null) {
            throw new InvalidAzureResponseException("the vault has no properties.vaultUri");
          }
          return found(
              clients.keyClient(vaultUri).getDeletedKeyWithResponse(keyName, Context.NONE),
              SnapshotMapper::deletedKey);
        });
  }

  /**
   * Lists the role assignments of {@code principalId} that apply to the vault. The {@code
   * principalId eq} filter returns assignments at, above and below the scope, so assignments on a
   * single key are included.
   */
  Observed<List<RoleAssignmentState>> roleAssignments(ResourceId vault, String principalId) {
    return read(
        ROLE_ASSIGNMENTS_LIST_FOR_SCOPE,
        vault.toString(),
        () -> {
          if (!GUID.matcher(principalId).matches()) {
            throw new InvalidAzureResponseException(
                "principal ID '" + principalId + "' is not a GUID");
          }
          // The SDK inserts scope and filter into the URL as they are: the scope without its
          // leading slash, as the API's path template expects, and the filter percent-encoded.
          String scope = withoutLeadingSlash(vault.toString());
          String filter =
              URLEncoder.encode("principalId eq '" + principalId + "'", StandardCharsets.UTF_8)
                  .replace("+", "%20");
          PagedIterable<RoleAssignmentInner> assignments =
              arm(vault)
                  .authorization()
                  .roleServiceClient()
                  .getRoleAssignments()
                  .listForScope(scope, filter, null, null, Context.NONE);
          List<RoleAssignmentState> mapped = new ArrayList<>();
          for (RoleAssignmentInner assignment : collect(assignments, "the role assignments")) {
            mapped.add(SnapshotMapper.roleAssignment(assignment));
          }
          return Observed.found(List.copyOf(mapped));
        });
  }

  /**
   * Reads a role definition by its ID, either subscription-qualified or tenant-level, through the
   * subscription the vault is in.
   */
  Observed<RoleDefinitionState> roleDefinition(ResourceId vault, String roleDefinitionId) {
    return read(
        ROLE_DEFINITIONS_GET,
        roleDefinitionId,
        () ->
            found(
                arm(vault)
                    .authorization()
                    .roleServiceClient()
                    .getRoleDefinitions()
                    .getByIdWithResponse(withoutLeadingSlash(roleDefinitionId), Context.NONE),
                SnapshotMapper::roleDefinition));
  }

  private SubscriptionClients arm(ResourceId resource) {
    return clients.forSubscription(resource.subscriptionId());
  }

  private static <T> Observed<T> read(
      String operation, String resource, Supplier<Observed<T>> call) {
    Observed<T> outcome;
    try {
      outcome = call.get();
    } catch (InvalidAzureResponseException e) {
      outcome =
          Observed.failed(
              AzureErrorClassifier.invalidResponse(
                  operation, e.httpStatus(), e.getMessage(), e.requestId()));
    } catch (RuntimeException e) {
      RequestBudgetExhaustedException overBudget =
          Throwables.find(e, RequestBudgetExhaustedException.class);
      outcome =
          overBudget != null
              ? Observed.failed(overBudget(operation, overBudget))
              : AzureErrorClassifier.classify(operation, e);
    }
    log(operation, resource, outcome);
    return outcome;
  }

  /** Reports a read the operator's own budget held back as throttled, like a 429 from ARM. */
  private static ReadFailure overBudget(String operation, RequestBudgetExhaustedException e) {
    return new ReadFailure(
        ReadFailure.Kind.THROTTLED, operation, 0, null, e.getMessage(), null, e.retryAfter());
  }

  /** Maps a response's value, attaching its status and request ID when the value is unusable. */
  private static <S, T> Observed<T> found(Response<S> response, Function<S, T> mapper) {
    int status = response.getStatusCode();
    String requestId = response.getHeaders().getValue(REQUEST_ID);
    if (response.getValue() == null) {
      throw new InvalidAzureResponseException("the response has no body", status, requestId);
    }
    try {
      return Observed.found(mapper.apply(response.getValue()));
    } catch (InvalidAzureResponseException e) {
      throw new InvalidAzureResponseException(e.getMessage(), status, requestId);
    }
  }

  private static <T> List<T> collect(PagedIterable<T> pages, String what) {
    List<T> items = new ArrayList<>();
    int count = 0;
    for (PagedResponse<T> page : pages.iterableByPage()) {
      count++;
      if (count > MAX_PAGES) {
        throw new InvalidAzureResponseException(
            what + " has more than " + MAX_PAGES + " pages", page.getStatusCode(), null);
      }
      if (page.getValue() != null) {
        items.addAll(page.getValue());
      }
    }
    return items;
  }

  private static String withoutLeadingSlash(String id) {
    return id.replaceFirst("^/+", "");
  }

  private static void log(String operation, String resource, Observed<?> outcome) {
    if (!LOG.isDebugEnabled()) {
      return;
    }
    String result;
    if (outcome instanceof Observed.NotFound<?> notFound) {
      result = "not found (" + notFound.detail() + ")";
    } else if (outcome instanceof Observed.Failed<?> failed) {
      result = failed.failure().kind() + ": " + failed.failure().describe();
    } else {
      result = "found";
    }
    LOG.debug("Azure read {} of {}: {}", operation, resource, result);
  }
}
