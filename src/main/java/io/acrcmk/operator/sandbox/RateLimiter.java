package io.acrcmk.operator.sandbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * ARM's token-bucket throttling: one read bucket and one write bucket per subscription (or for the
 * tenant when a path names no subscription), each with a capacity and a refill rate per second.
 */
final class RateLimiter {

  /** The outcome of taking one token. */
  record Decision(boolean allowed, long remaining, Duration retryAfter) {}

  private final SimulatorOptions.Bucket reads;
  private final SimulatorOptions.Bucket writes;
  private final boolean enforced;
  private final Map<String, Bucket> buckets = new HashMap<>();

  RateLimiter(SimulatorOptions.Bucket reads, SimulatorOptions.Bucket writes, boolean enforced) {
    this.reads = reads;
    this.writes = writes;
    this.enforced = enforced;
  }

  /**
   * Takes one token from the bucket of {@code scope} for the kind of request. When the bucket is
   * empty the request is refused if limits are enforced, and allowed otherwise.
   */
  synchronized Decision take(String scope, boolean write, long nowNanos) {
    SimulatorOptions.Bucket settings = write ? writes : reads;
    Bucket bucket =
        buckets.computeIfAbsent(
            scope + (write ? "|writes" : "|reads"), key -> new Bucket(settings, nowNanos));
    bucket.refill(nowNanos);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return new Decision(true, (long) Math.floor(bucket.tokens), Duration.ZERO);
    }
    double missing = 1 - bucket.tokens;
    long seconds = (long) Math.ceil(missing / settings.refillPerSecond());
    return new Decision(!enforced, 0, Duration.ofSeconds(Math.max(1, seconds)));
  }

  synchronized void reset() {
    buckets.clear();
  }

  private static final class Bucket {
    private final SimulatorOptions.Bucket settings;
    private double tokens;
    private long lastRefill;

    Bucket(SimulatorOptions.Bucket settings, long nowNanos) {
      this.settings = settings;
      this.tokens = settings.capacity();
      this.lastRefill = nowNanos;
    }

    void refill(long nowNanos) {
      double seconds = (nowNanos - lastRefill) / 1e9;
      tokens = Math.min(settings.capacity(), tokens + seconds * settings.refillPerSecond());
      lastRefill = nowNanos;
    }
  }
}
