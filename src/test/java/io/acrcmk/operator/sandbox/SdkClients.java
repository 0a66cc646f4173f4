package io.acrcmk.operator.sandbox;

import com.azure.core.http.policy.FixedDelay;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.containerregistry.ContainerRegistryManager;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import io.acrcmk.operator.azure.AzureCloud;
import io.acrcmk.operator.azure.AzureConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Builds the real Azure SDK clients against a simulator, as the production adapter does. */
final class SdkClients {

  private final AzureConnection connection;
  private final AzureProfile profile;
  private final RetryPolicy retryPolicy;

  SdkClients(AzureSimulator simulator, String subscriptionId) {
    this(simulator.connection(), simulator.tenantId(), subscriptionId, 0);
  }

  SdkClients(AzureConnection connection, String tenantId, String subscriptionId, int retries) {
    this.connection = connection;
    this.profile = new AzureProfile(tenantId, subscriptionId, environment(connection.cloud()));
    this.retryPolicy = new RetryPolicy(new FixedDelay(retries, Duration.ofMillis(10)));
  }

  /** Maps the cloud onto the endpoint keys {@code AzureEnvironment} reads. */
  static AzureEnvironment environment(AzureCloud cloud) {
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", cloud.resourceManagerEndpoint().toString());
    endpoints.put("managementEndpointUrl", cloud.managementAudience().toString());
    endpoints.put("activeDirectoryEndpointUrl", cloud.authorityHost().toString());
    endpoints.put("keyVaultDnsSuffix", "." + cloud.keyVaultDnsSuffix());
    return new AzureEnvironment(endpoints);
  }

  ContainerRegistryManager registries() {
    return ContainerRegistryManager.configure()
        .withHttpClient(connection.httpClient())
        .withRetryPolicy(retryPolicy)
        .authenticate(connection.credential(), profile);
  }

  MsiManager identities() {
    return MsiManager.configure()
        .withHttpClient(connection.httpClient())
        .withRetryPolicy(retryPolicy)
        .authenticate(connection.credential(), profile);
  }

  KeyVaultManager vaults() {
    return KeyVaultManager.configure()
        .withHttpClient(connection.httpClient())
        .withRetryPolicy(retryPolicy)
        .authenticate(connection.credential(), profile);
  }

  AuthorizationManager authorization() {
    return AuthorizationManager.configure()
        .withHttpClient(connection.httpClient())
        .withRetryPolicy(retryPolicy)
        .authenticate(connection.credential(), profile);
  }

  KeyClient keys(String vaultUri) {
    return new KeyClientBuilder()
        .vaultUrl(vaultUri)
        .credential(connection.credential())
        .httpClient(connection.httpClient())
        .retryPolicy(retryPolicy)
        .buildClient();
  }
}
