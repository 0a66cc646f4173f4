package io.acrcmk.operator.azure;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how long an Azure read is retried after a 408, 429, 5xx, timeout or connection
 * failure. The backoff doubles from {@code baseDelay} and never exceeds {@code maxDelay}; a
 * Retry-After header is honoured up to {@code maxDelay}, and a longer one ends the read as
 * throttled so that the caller reschedules instead of blocking.
 *
 * @param maxRetries retries after the first attempt, 0 to 10
 * @param baseDelay the delay before the first retry
 * @param maxDelay the largest delay between two attempts, including an honoured Retry-After
 */
public record AzureRetryOptions(int maxRetries, Duration baseDelay, Duration maxDelay) {

  /** Two retries, 500 ms then 1 s, honouring a Retry-After of up to 10 s. */
  public static final AzureRetryOptions DEFAULT =
      new AzureRetryOptions(2, Duration.ofMillis(500), Duration.ofSeconds(10));

  public AzureRetryOptions {
    if (maxRetries < 0 || maxRetries > 10) {
      throw new IllegalArgumentException("maxRetries must be between 0 and 10, got " + maxRetries);
    }
    requirePositive("baseDelay", baseDelay);
    requirePositive("maxDelay", maxDelay);
    if (baseDelay.compareTo(maxDelay) > 0) {
      throw new IllegalArgumentException(
          "baseDelay " + baseDelay + " must not exceed maxDelay " + maxDelay);
    }
  }

  /**
   * Returns the longest time one read can take when every attempt uses its full {@code
   * attemptTimeout} and every pause its full {@code maxDelay}.
   */
  public Duration worstCaseDuration(Duration attemptTimeout) {
    return attemptTimeout.multipliedBy(maxRetries + 1L).plus(maxDelay.multipliedBy(maxRetries));
  }

  private static void requirePositive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be positive, got " + value);
    }
  }
}
