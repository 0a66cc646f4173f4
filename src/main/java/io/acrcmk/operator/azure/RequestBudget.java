package io.acrcmk.operator.azure;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket that hands out request slots in arrival order. A request that finds the bucket
 * empty reserves the next slot and waits for it, so the count goes negative by the number of
 * requests in the queue. A later request always gets a later slot than an earlier one.
 *
 * <p>Requests granted in any window of {@code w} seconds number at most {@code capacity + refill *
 * w}, which is ARM's own token-bucket rule, so a client that follows this bucket is not throttled
 * by a server with the same or larger bucket.
 */
final class RequestBudget {

  /**
   * One granted slot.
   *
   * @param waitNanos how long the request waits before it may be sent
   * @param pauseMark the bucket's pause total when the slot was granted, see {@link #pausedSince}
   */
  record Reservation(long waitNanos, long pauseMark) {}

  private final int capacity;
  private final double tokensPerNano;
  private final LongSupplier ticker;
  private double tokens;
  private long refilledAt;
  private long pausedNanos;
  private long drainedAt = Long.MIN_VALUE;

  /**
   * Creates a full bucket.
   *
   * @param capacity the most tokens the bucket holds, which is the largest burst
   * @param refillPerSecond the tokens added per second, which is the sustained rate
   * @param ticker the time source in nanoseconds, {@code System::nanoTime} outside tests
   */
  RequestBudget(int capacity, double refillPerSecond, LongSupplier ticker) {
    validate(capacity, refillPerSecond);
    this.capacity = capacity;
    this.tokensPerNano = refillPerSecond / 1e9;
    this.ticker = ticker;
    this.tokens = capacity;
    this.refilledAt = ticker.getAsLong();
  }

  /** Throws when a bucket with these settings could never grant a request. */
  static void validate(int capacity, double refillPerSecond) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    if (!(refillPerSecond > 0) || Double.isInfinite(refillPerSecond)) {
      throw new IllegalArgumentException(
          "refillPerSecond must be positive and finite, got " + refillPerSecond);
    }
  }

  /**
   * Reserves the next slot, or returns null without reserving when that slot is more than {@code
   * maxWaitNanos} away.
   */
  synchronized Reservation reserve(long maxWaitNanos) {
    refill();
    long wait = waitForNextSlot();
    if (wait > maxWaitNanos) {
      return null;
    }
    tokens -= 1;
    return new Reservation(wait, pausedNanos);
  }

  /** Returns how long a request that arrived now would wait for its slot. */
  synchronized long currentWaitNanos() {
    refill();
    return waitForNextSlot();
  }

  /**
   * Returns the time every queued slot has been pushed back by {@link #drain} since {@code
   * pauseMark} was read, so that a waiting request can wait that much longer.
   */
  synchronized long pausedSince(long pauseMark) {
    return pausedNanos - pauseMark;
  }

  /** Returns the pause total, to pass to {@link #pausedSince} later. */
  synchronized long pauseMark() {
    return pausedNanos;
  }

  /** Gives back the token of a reservation whose request was never sent. */
  synchronized void refund() {
    refill();
    tokens = Math.min(capacity, tokens + 1);
  }

  /**
   * Empties the bucket after the server throttled a request, and pushes the queue back by {@code
   * retryAfter} so that every request of this scope waits as long as the server asked. A 429 for a
   * request sent before the previous drain is ignored, because that drain already made room for it.
   * Without this rule, in-flight requests that all come back 429 would stack their pauses.
   *
   * @param retryAfter the delay the server asked for, or null when it named none
   * @param sentAtNanos the ticker value when the throttled request was sent
   * @return whether the bucket was drained
   */
  synchronized boolean drain(Duration retryAfter, long sentAtNanos) {
    if (sentAtNanos < drainedAt) {
      return false;
    }
    refill();
    long pause = retryAfter == null ? 0 : Math.max(0, retryAfter.toNanos());
    tokens = Math.min(tokens, 0) - pause * tokensPerNano;
    pausedNanos += pause;
    drainedAt = ticker.getAsLong();
    return true;
  }

  /** Returns the tokens left, which are negative while requests queue. */
  synchronized double tokens() {
    refill();
    return tokens;
  }

  int capacity() {
    return capacity;
  }

  double refillPerSecond() {
    return tokensPerNano * 1e9;
  }

  private long waitForNextSlot() {
    if (tokens >= 1) {
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / tokensPerNano);
  }

  private void refill() {
    long now = ticker.getAsLong();
    long elapsed = now - refilledAt;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
      refilledAt = now;
    }
  }
}
