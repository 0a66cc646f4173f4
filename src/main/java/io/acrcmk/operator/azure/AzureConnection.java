package io.acrcmk.operator.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the operator reaches Azure: which cloud, with which credential, over which HTTP client.
 *
 * @param cloud the endpoints
 * @param credential the token source; {@code DefaultAzureCredential} in production
 * @param httpClient the HTTP client every Azure client shares, or null for the SDK default
 * @param readTimeout how long one Azure request may take before it counts as timed out
 * @param additionalPolicies pipeline policies added to every Azure client, such as request metrics.
 *     A policy whose position is PER_CALL runs once per call, before the retries.
 */
public record AzureConnection(
    AzureCloud cloud,
    TokenCredential credential,
    HttpClient httpClient,
    Duration readTimeout,
    List<HttpPipelinePolicy> additionalPolicies) {

  /** The request timeout used when none is configured. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  public AzureConnection {
    Objects.requireNonNull(cloud, "cloud");
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(readTimeout, "readTimeout");
    additionalPolicies =
        List.copyOf(Objects.requireNonNull(additionalPolicies, "additionalPolicies"));
  }

  /** Creates a connection without additional pipeline policies. */
  public AzureConnection(
      AzureCloud cloud, TokenCredential credential, HttpClient httpClient, Duration readTimeout) {
    this(cloud, credential, httpClient, readTimeout, List.of());
  }

  /** Returns a copy whose Azure clients also run {@code policies}. */
  public AzureConnection withAdditionalPolicies(List<HttpPipelinePolicy> policies) {
    return new AzureConnection(cloud, credential, httpClient, readTimeout, policies);
  }

  /**
   * Returns a connection that authenticates with {@code DefaultAzureCredential}: environment
   * variables, AKS Workload Identity, managed identity, then developer tools, in that order.
   */
  public static AzureConnection withDefaultCredential(AzureCloud cloud, Duration readTimeout) {
    TokenCredential credential =
        new DefaultAzureCredentialBuilder().authorityHost(cloud.authorityHost().toString()).build();
    return new AzureConnection(cloud, credential, null, readTimeout);
  }
}
