package io.acrcmk.operator.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpLoggingPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.HttpClientOptions;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.containerregistry.ContainerRegistryManager;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.resources.fluentcore.policy.AuthenticationPolicy;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The Azure SDK clients of one connection, created once and reused: the resource-manager clients of
 * each subscription and a Key Vault data-plane client for each vault. Every client sends through
 * the same HTTP client with the same bounded retry and timeout policies.
 */
final class AzureClients {

  private static final String USER_AGENT = "acr-cmk-operator";

  /** The resource-manager clients of one subscription. */
  record SubscriptionClients(
      ContainerRegistryManager registries,
      MsiManager identities,
      KeyVaultManager keyVaults,
      AuthorizationManager authorization) {}

  private final AzureConnection connection;
  private final AzureRetryOptions retryOptions;
  private final SubscriptionBudgets budgets;
  private final AzureEnvironment environment;
  private final HttpClient httpClient;
  private final HttpPipeline armPipeline;
  private final ConcurrentMap<String, SubscriptionClients> subscriptions =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<String, KeyClient> keyClients = new ConcurrentHashMap<>();

  AzureClients(AzureConnection connection, AzureRetryOptions retryOptions) {
    this(connection, retryOptions, null);
  }

  /** Creates the clients; with {@code budgets}, every ARM read waits for its budget slot. */
  AzureClients(
      AzureConnection connection, AzureRetryOptions retryOptions, SubscriptionBudgets budgets) {
    this.connection = connection;
    this.retryOptions = retryOptions;
    this.budgets = budgets;
    this.environment = environment(connection.cloud());
    this.httpClient =
        connection.httpClient() != null
            ? connection.httpClient()
            : defaultHttpClient(connection.readTimeout());
    this.armPipeline = armPipeline();
  }

  /** Returns the clients of {@code subscriptionId}, creating them on first use. */
  SubscriptionClients forSubscription(String subscriptionId) {
    return subscriptions.computeIfAbsent(
        subscriptionId.toLowerCase(Locale.ROOT), this::createSubscriptionClients);
  }

  /**
   * Returns the data-plane client of the vault at {@code vaultUri}, creating it on first use.
   *
   * @throws InvalidAzureResponseException when the URI is not an https URL under the cloud's Key
   *     Vault DNS suffix, so that no token is sent to a host that is not a vault
   */
  KeyClient keyClient(String vaultUri) {
    String normalised = normaliseVaultUri(vaultUri);
    return keyClients.computeIfAbsent(normalised, this::createKeyClient);
  }

  /** Maps the cloud's endpoints onto the SDK's environment keys. */
  static AzureEnvironment environment(AzureCloud cloud) {
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

  private SubscriptionClients createSubscriptionClients(String subscriptionId) {
    AzureProfile profile = new AzureProfile(null, subscriptionId, environment);
    return new SubscriptionClients(
        ContainerRegistryManager.authenticate(armPipeline, profile),
        MsiManager.authenticate(armPipeline, profile),
        KeyVaultManager.authenticate(armPipeline, profile),
        AuthorizationManager.authenticate(armPipeline, profile));
  }

  /**
   * Builds the pipeline every resource-manager client shares. The per-attempt timeout sits before
   * the authentication policy, so a token request that hangs is cut off like any other attempt. The
   * per-read deadline bounds the retries and their pauses together.
   */
  private HttpPipeline armPipeline() {
    List<HttpPipelinePolicy> perCall = new ArrayList<>();
    List<HttpPipelinePolicy> perRetry = new ArrayList<>();
    for (HttpPipelinePolicy policy : connection.additionalPolicies()) {
      (policy.getPipelinePosition() == HttpPipelinePosition.PER_CALL ? perCall : perRetry)
          .add(policy);
    }
    List<HttpPipelinePolicy> policies = new ArrayList<>();
    policies.add(new UserAgentPolicy(USER_AGENT));
    policies.add(new RequestIdPolicy());
    policies.addAll(perCall);
    policies.add(readDeadlinePolicy());
    policies.add(retryPolicy());
    policies.add(new AddDatePolicy());
    policies.add(attemptTimeoutPolicy(budgets == null ? Duration.ZERO : budgets.maxWait()));
    policies.add(new AuthenticationPolicy(connection.credential(), environment));
    if (budgets != null) {
      // The budget comes after the retry policy because ARM counts every attempt, and after the
      // token request because a slot taken before a slow token request would send late, in one
      // bunch with the slots granted meanwhile. The attempt timeout above allows for the wait for
      // a slot; this one bounds the request itself.
      policies.add(new RequestBudgetPolicy(budgets));
      policies.add(attemptTimeoutPolicy(Duration.ZERO));
    }
    policies.addAll(perRetry);
    policies.add(new HttpLoggingPolicy(new HttpLogOptions()));
    return new HttpPipelineBuilder()
        .httpClient(httpClient)
        .policies(policies.toArray(HttpPipelinePolicy[]::new))
        .build();
  }

  private KeyClient createKeyClient(String vaultUri) {
    // The Key Vault challenge policy stays in charge of authentication, including its check that
    // the challenge's resource matches the vault's domain. The data plane has no budget: it is
    // read only for a key that ARM reports missing, far below Key Vault's 4,000 reads per vault
    // per 10 seconds.
    KeyClientBuilder builder =
        new KeyClientBuilder()
            .vaultUrl(vaultUri)
            .credential(connection.credential())
            .httpClient(httpClient)
            .retryPolicy(retryPolicy());
    // Added first, so that a PER_CALL policy also counts calls that the read deadline cuts off.
    connection.additionalPolicies().forEach(builder::addPolicy);
    return builder
        .addPolicy(readDeadlinePolicy())
        .addPolicy(attemptTimeoutPolicy(Duration.ZERO))
        .buildClient();
  }

  private String normaliseVaultUri(String vaultUri) {
    URI uri;
    try {
      uri = URI.create(vaultUri.trim());
    } catch (IllegalArgumentException e) {
      throw new InvalidAzureResponseException("vaultUri '" + vaultUri + "' is not a valid URI");
    }
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    String suffix = "." + connection.cloud().keyVaultDnsSuffix();
    if (!"https".equalsIgnoreCase(uri.getScheme()) || !host.endsWith(suffix)) {
      throw new InvalidAzureResponseException(
          "vaultUri '"
              + vaultUri
              + "' is not an https URL under "
              + connection.cloud().keyVaultDnsSuffix()
              + " of cloud "
              + connection.cloud().name());
    }
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    return "https://" + host + port + "/";
  }

  private RetryPolicy retryPolicy() {
    return new RetryPolicy(new BoundedRetryStrategy(retryOptions));
  }

  /** Returns the per-attempt timeout, lengthened by {@code allowance} for a wait it covers. */
  private RequestTimeoutPolicy attemptTimeoutPolicy(Duration allowance) {
    return new RequestTimeoutPolicy(
        connection.readTimeout().plus(allowance), HttpPipelinePosition.PER_RETRY);
  }

  private RequestTimeoutPolicy readDeadlinePolicy() {
    // One extra attempt's worth of slack covers token requests and the Key Vault challenge.
    Duration deadline =
        retryOptions.worstCaseDuration(connection.readTimeout()).plus(connection.readTimeout());
    if (budgets != null) {
      // Waiting for a budget slot is bounded separately and must not use up the read's time.
      deadline = deadline.plus(budgets.maxWait());
    }
    return new RequestTimeoutPolicy(deadline, HttpPipelinePosition.PER_CALL);
  }

  private static HttpClient defaultHttpClient(Duration readTimeout) {
    Duration connectTimeout =
        readTimeout.compareTo(Duration.ofSeconds(10)) < 0 ? readTimeout : Duration.ofSeconds(10);
    return HttpClient.createDefault(
        new HttpClientOptions()
            .setConnectTimeout(connectTimeout)
            .setWriteTimeout(readTimeout)
            .setResponseTimeout(readTimeout)
            .setReadTimeout(readTimeout));
  }
}
