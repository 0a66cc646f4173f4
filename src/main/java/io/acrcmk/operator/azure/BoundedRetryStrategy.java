package io.acrcmk.operator.azure;

import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.RequestRetryCondition;
import com.azure.core.http.policy.RetryStrategy;
import java.io.IOException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * The retry rules of every Azure read: exponential backoff from {@link AzureRetryOptions}, retries
 * only for transient statuses (408, 429, 500, 502, 503, 504) and transport faults, and no retry
 * when Azure requests a longer wait than the options allow.
 */
final class BoundedRetryStrategy implements RetryStrategy {

  private final AzureRetryOptions options;
  private final ExponentialBackoff backoff;

  BoundedRetryStrategy(AzureRetryOptions options) {
    this.options = options;
    this.backoff =
        new ExponentialBackoff(options.maxRetries(), options.baseDelay(), options.maxDelay());
  }

  @Override
  public int getMaxRetries() {
    return options.maxRetries();
  }

  @Override
  public Duration calculateRetryDelay(int retryAttempts) {
    return backoff.calculateRetryDelay(retryAttempts);
  }

  @Override
  public boolean shouldRetryCondition(RequestRetryCondition condition) {
    if (condition.getResponse() != null) {
      return shouldRetry(condition.getResponse());
    }
    return condition.getThrowable() != null && shouldRetryException(condition.getThrowable());
  }

  @Override
  public boolean shouldRetry(HttpResponse response) {
    int status = response.getStatusCode();
    boolean transientStatus =
        status == 408
            || status == 429
            || status == 500
            || status == 502
            || status == 503
            || status == 504;
    if (!transientStatus) {
      return false;
    }
    Duration requested = RetryAfter.from(response.getHeaders());
    return requested == null || requested.compareTo(options.maxDelay()) <= 0;
  }

  /**
   * Retries timeouts and I/O faults such as a refused or reset connection. A failed TLS handshake
   * is not retried because the same certificate fails again.
   */
  @Override
  public boolean shouldRetryException(Throwable error) {
    for (Throwable cause : Throwables.chain(error)) {
      if (Throwables.isTimeout(cause)) {
        return true;
      }
      if (cause instanceof SSLException) {
        return false;
      }
      if (cause instanceof IOException && !Throwables.isParseError(cause)) {
        return true;
      }
    }
    return false;
  }
}
