package io.acrcmk.operator.cli;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpLoggingPolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.http.rest.PagedIterable;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.azure.core.util.HttpClientOptions;
import com.azure.resourcemanager.containerregistry.ContainerRegistryManager;
import com.azure.resourcemanager.containerregistry.fluent.models.RegistryInner;
import com.azure.resourcemanager.containerregistry.models.UserIdentityProperties;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.resourcemanager.resources.fluentcore.policy.AuthenticationPolicy;
import io.acrcmk.operator.azure.AzureCloud;
import io.acrcmk.operator.azure.AzureConnection;
import io.acrcmk.operator.azure.AzureErrorClassifier;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Lists registries and key vaults through the Azure SDK's resource-manager clients, for discovery.
 * It shares the connection (cloud, credential, HTTP client) with the checks but not their clients,
 * which read single resources and have no list reads.
 */
final class AzureInventory {

  /** An Azure list read that failed; the message names the read, the status and Azure's error. */
  static final class ReadException extends Exception {
    ReadException(String message) {
      super(message);
    }
  }

  /** The maximum pages one list follows, so that a server sending endless next links is stopped. */
  private static final int MAX_PAGES = 200;

  private final AzureProfile profile;
  private final HttpPipeline pipeline;

  AzureInventory(AzureConnection connection) {
    AzureEnvironment environment = environment(connection.cloud());
    this.profile = new AzureProfile(null, null, environment);
    HttpClient httpClient =
        connection.httpClient() != null
            ? connection.httpClient()
            : HttpClient.createDefault(
                new HttpClientOptions()
                    .setResponseTimeout(connection.readTimeout())
                    .setReadTimeout(connection.readTimeout()));
    RetryOptions retry =
        new RetryOptions(
            new ExponentialBackoffOptions()
                .setMaxRetries(2)
                .setBaseDelay(Duration.ofMillis(500))
                .setMaxDelay(Duration.ofSeconds(10)));
    this.pipeline =
        new HttpPipelineBuilder()
            .httpClient(httpClient)
            .policies(
                new UserAgentPolicy("acr-cmk-operator"),
                new RequestIdPolicy(),
                new RetryPolicy(retry),
                new AddDatePolicy(),
                new AuthenticationPolicy(connection.credential(), environment),
                new HttpLoggingPolicy(new HttpLogOptions()))
            .build();
  }

  /**
   * Lists the registries of a subscription, or of one resource group when {@code resourceGroup} is
   * not null, calling {@code pageRead} with the running count after each page.
   */
  List<RegistryRecord> registries(
      String subscriptionId, String resourceGroup, Consumer<Integer> pageRead)
      throws ReadException {
    String operation = "registries.list";
    try {
      var client = registriesOf(subscriptionId).serviceClient().getRegistries();
      PagedIterable<RegistryInner> pages =
          resourceGroup == null
              ? client.list(Context.NONE)
              : client.listByResourceGroup(resourceGroup, Context.NONE);
      List<RegistryRecord> registries = new ArrayList<>();
      for (RegistryInner inner : collect(pages, operation, pageRead)) {
        registries.add(toRecord(inner));
      }
      return registries;
    } catch (RuntimeException e) {
      throw readFailure(operation, e);
    }
  }

  /** Lists the key vaults of a subscription with their URIs. */
  List<VaultRecord> vaults(String subscriptionId) throws ReadException {
    String operation = "vaults.listBySubscription";
    try {
      PagedIterable<VaultInner> pages =
          vaultsOf(subscriptionId)
              .serviceClient()
              .getVaults()
              .listBySubscription(null, Context.NONE);
      List<VaultRecord> vaults = new ArrayList<>();
      for (VaultInner inner : collect(pages, operation, count -> {})) {
        String uri = inner.properties() == null ? null : inner.properties().vaultUri();
        vaults.add(new VaultRecord(inner.id(), uri));
      }
      return vaults;
    } catch (RuntimeException e) {
      throw readFailure(operation, e);
    }
  }

  private ContainerRegistryManager registriesOf(String subscriptionId) {
    return ContainerRegistryManager.authenticate(pipeline, withSubscription(subscriptionId));
  }

  private KeyVaultManager vaultsOf(String subscriptionId) {
    return KeyVaultManager.authenticate(pipeline, withSubscription(subscriptionId));
  }

  private AzureProfile withSubscription(String subscriptionId) {
    return new AzureProfile(null, subscriptionId, profile.getEnvironment());
  }

  private static RegistryRecord toRecord(RegistryInner inner) {
    String status = null;
    String keyIdentifier = null;
    String identity = null;
    if (inner.encryption() != null) {
      status = inner.encryption().status() == null ? null : inner.encryption().status().toString();
      if (inner.encryption().keyVaultProperties() != null) {
        keyIdentifier = inner.encryption().keyVaultProperties().keyIdentifier();
        identity = inner.encryption().keyVaultProperties().identity();
      }
    }
    Map<String, String> clientIds = new LinkedHashMap<>();
    if (inner.identity() != null && inner.identity().userAssignedIdentities() != null) {
      for (Map.Entry<String, UserIdentityProperties> entry :
          inner.identity().userAssignedIdentities().entrySet()) {
        String clientId = entry.getValue() == null ? null : entry.getValue().clientId();
        clientIds.put(entry.getKey(), clientId == null ? "" : clientId);
      }
    }
    return new RegistryRecord(
        inner.id(),
        inner.name(),
        inner.sku() == null || inner.sku().name() == null ? null : inner.sku().name().toString(),
        status,
        keyIdentifier,
        identity,
        clientIds);
  }

  private static <T> List<T> collect(
      PagedIterable<T> pages, String operation, Consumer<Integer> pageRead) throws ReadException {
    List<T> items = new ArrayList<>();
    int count = 0;
    for (PagedResponse<T> page : pages.iterableByPage()) {
      if (++count > MAX_PAGES) {
        throw new ReadException(operation + " returned more than " + MAX_PAGES + " pages");
      }
      if (page.getValue() != null) {
        items.addAll(page.getValue());
      }
      pageRead.accept(items.size());
    }
    return items;
  }

  private static ReadException readFailure(String operation, RuntimeException error) {
    Observed<Object> outcome = AzureErrorClassifier.classify(operation, error);
    ReadFailure failure = outcome.failureOrNull();
    if (failure != null) {
      return new ReadException(failure.describe());
    }
    return new ReadException(operation + " failed: " + ((Observed.NotFound<?>) outcome).detail());
  }

  /**
   * Maps the cloud's endpoints onto the SDK's environment keys, as the snapshot loader does, so
   * that list reads and checks reach the same endpoints with the same token audience.
   */
  private static AzureEnvironment environment(AzureCloud cloud) {
    AzureEnvironment base = AzureEnvironment.AZURE;
    if (cloud.equals(AzureCloud.US_GOVERNMENT)) {
      base = AzureEnvironment.AZURE_US_GOVERNMENT;
    } else if (cloud.equals(AzureCloud.CHINA)) {
      base = AzureEnvironment.AZURE_CHINA;
    }
    Map<String, String> endpoints = new HashMap<>(base.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", cloud.resourceManagerEndpoint().toString());
    endpoints.put("activeDirectoryEndpointUrl", cloud.authorityHost().toString());
    endpoints.put("managementEndpointUrl", cloud.managementAudience().toString());
    endpoints.put("activeDirectoryResourceId", cloud.managementAudience().toString());
    endpoints.put("keyVaultDnsSuffix", "." + cloud.keyVaultDnsSuffix());
    return new AzureEnvironment(endpoints);
  }
}
