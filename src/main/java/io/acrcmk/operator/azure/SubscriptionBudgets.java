package io.acrcmk.operator.azure;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The operator's ARM read budget: one {@link RequestBudget} per subscription, shared by every
 * policy that one loader checks, plus the remaining-reads count ARM last reported for each
 * subscription. Reads that name no subscription, such as a tenant-level role definition, share the
 * {@link #TENANT_SCOPE} budget, as ARM counts them against the tenant.
 */
public final class SubscriptionBudgets {

  /** The scope of requests whose path names no subscription. */
  public static final String TENANT_SCOPE = "tenant";

  /** ARM's documented read bucket per subscription and principal: 250 requests. */
  public static final int ARM_READ_CAPACITY = 250;

  /** ARM's documented read refill per subscription and principal: 25 requests a second. */
  public static final double ARM_READ_REFILL_PER_SECOND = 25;

  /**
   * How long a read waits for its slot by default. With the default 16 concurrent checks, at most
   * about 16 reads queue per subscription, which takes under a second at 25 a second. The rest of
   * the bound leaves room for a Retry-After pause after a 429.
   */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);

  private final int capacity;
  private final double refillPerSecond;
  private final Duration maxWait;
  private final LongSupplier ticker;
  private final ConcurrentMap<String, RequestBudget> budgets = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Long> remainingReads = new ConcurrentHashMap<>();
  private final LongAdder throttled = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder waitedNanos = new LongAdder();

  /**
   * Creates budgets that each start full.
   *
   * @param capacity the burst per subscription, at least 1
   * @param refillPerSecond the sustained reads per second per subscription, positive
   * @param maxWait how long one read may wait for its slot before it fails as throttled
   */
  public SubscriptionBudgets(int capacity, double refillPerSecond, Duration maxWait) {
    this(capacity, refillPerSecond, maxWait, System::nanoTime);
  }

  SubscriptionBudgets(int capacity, double refillPerSecond, Duration maxWait, LongSupplier ticker) {
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative, got " + maxWait);
    }
    RequestBudget.validate(capacity, refillPerSecond);
    this.capacity = capacity;
    this.refillPerSecond = refillPerSecond;
    this.maxWait = maxWait;
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  /** Returns budgets sized to ARM's documented read limits: 250, refilled at 25 a second. */
  public static SubscriptionBudgets armReadLimits() {
    return new SubscriptionBudgets(ARM_READ_CAPACITY, ARM_READ_REFILL_PER_SECOND, DEFAULT_MAX_WAIT);
  }

  public int capacity() {
    return capacity;
  }

  public double refillPerSecond() {
    return refillPerSecond;
  }

  public Duration maxWait() {
    return maxWait;
  }

  /**
   * Returns the latest {@code x-ms-ratelimit-remaining-subscription-reads} value ARM sent for the
   * subscription (or {@code x-ms-ratelimit-remaining-tenant-reads} for {@link #TENANT_SCOPE}), or
   * empty when no response carried one yet.
   */
  public OptionalLong remainingReads(String subscriptionId) {
    Long value = remainingReads.get(normalise(subscriptionId));
    return value == null ? OptionalLong.empty() : OptionalLong.of(value);
  }

  /** Returns the latest remaining-reads value of every scope seen, by lower-case scope. */
  public Map<String, Long> remainingReads() {
    return new TreeMap<>(remainingReads);
  }

  /** Returns the tokens left in a scope's bucket, which are negative while reads queue for it. */
  public double availableTokens(String subscriptionId) {
    return budget(subscriptionId).tokens();
  }

  /** Returns the tokens left in the bucket of every scope reads have used, by lower-case scope. */
  public Map<String, Double> availableTokens() {
    Map<String, Double> tokens = new TreeMap<>();
    budgets.forEach((scope, budget) -> tokens.put(scope, budget.tokens()));
    return tokens;
  }

  /** Returns how many ARM reads got a 429 response since the budgets were created. */
  public long throttledResponses() {
    return throttled.sum();
  }

  /** Returns how many reads failed without being sent because their slot was too far away. */
  public long rejectedRequests() {
    return rejected.sum();
  }

  /** Returns the total time reads have waited for their slots. */
  public Duration totalWait() {
    return Duration.ofNanos(waitedNanos.sum());
  }

  RequestBudget budget(String scope) {
    return budgets.computeIfAbsent(
        normalise(scope), key -> new RequestBudget(capacity, refillPerSecond, ticker));
  }

  long now() {
    return ticker.getAsLong();
  }

  void recordRemainingReads(String scope, long remaining) {
    remainingReads.put(normalise(scope), remaining);
  }

  void recordThrottled() {
    throttled.increment();
  }

  void recordRejected() {
    rejected.increment();
  }

  void recordWait(long nanos) {
    if (nanos > 0) {
      waitedNanos.add(nanos);
    }
  }

  private static String normalise(String scope) {
    return Objects.requireNonNull(scope, "subscriptionId").toLowerCase(Locale.ROOT);
  }
}
