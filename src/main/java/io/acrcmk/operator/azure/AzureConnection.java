package io.acrcmk.operator.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.time.Duration;
import java.util.Objects;

/**
 * How the operator reaches Azure: which cloud, with which credential, over which HTTP client.
 *
 * @param cloud the endpoints
 * @param credential the token source; {@code DefaultAzureCredential} in production
 * @param httpClient the HTTP client every Azure client shares, or null for the SDK default
 * @param readTimeout how long one Azure request may take before it counts as timed out
 */
public record AzureConnection(
    AzureCloud cloud, TokenCredential credential, HttpClient httpClient, Duration readTimeout) {

  /** The request timeout used when none is configured. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  public AzureConnection {
    Objects.requireNonNull(cloud, "cloud");
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(readTimeout, "readTimeout");
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
