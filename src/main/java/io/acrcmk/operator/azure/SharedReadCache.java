package io.acrcmk.operator.azure;

import io.acrcmk.operator.azure.snapshot.Observed;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A short-lived cache of Azure reads that many policies share, such as a vault or a key, keyed by
 * operation and resource. Callers that ask for a read already in flight wait for it instead of
 * sending their own, so N policies that need the same vault at the same moment cause one request.
 *
 * <p>A {@code Found} or {@code NotFound} outcome is kept for the time to live, counted from when
 * its read started, and each caller takes it only while it is younger than the max age the caller
 * names. A {@code Failed} outcome is handed only to the callers that waited for it and is then
 * dropped, so the next caller reads again.
 */
public final class SharedReadCache {

  /**
   * The default time to live, 5 minutes: the default {@code checkInterval}. A fleet on the default
   * interval whose checks pass their interval as the max age reads each shared resource about once
   * per interval. Policies with longer intervals still get data at most 5 minutes old.
   */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  /**
   * The max age of a read whose caller names none, 30 seconds: the shortest {@code checkInterval} a
   * policy may set. No check then works on data older than its own interval, whatever that is, and
   * a change in Azure shows in every check that starts at least 30 seconds after it.
   */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(30);

  /**
   * Counts since the cache was created.
   *
   * @param reads reads sent to Azure
   * @param hits requests served from a stored outcome
   * @param coalesced requests that waited for another caller's read in flight
   */
  public record Stats(long reads, long hits, long coalesced) {}

  private final long ttlNanos;
  private final LongSupplier ticker;
  private final ConcurrentMap<Key, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong lastPurge;
  private final LongAdder reads = new LongAdder();
  private final LongAdder hits = new LongAdder();
  private final LongAdder coalesced = new LongAdder();

  /** Creates a cache whose outcomes live for {@code ttl}. Zero shares only reads in flight. */
  public SharedReadCache(Duration ttl) {
    this(ttl, System::nanoTime);
  }

  SharedReadCache(Duration ttl, LongSupplier ticker) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must not be negative, got " + ttl);
    }
    this.ttlNanos = saturatedNanos(ttl);
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.lastPurge = new AtomicLong(ticker.getAsLong());
  }

  public Duration ttl() {
    return Duration.ofNanos(ttlNanos);
  }

  /** Returns the outcome of a read, taking a stored one while it is within the time to live. */
  public <T> Observed<T> read(String operation, String resource, Supplier<Observed<T>> read) {
    return read(operation, resource, ttl(), read);
  }

  /**
   * Returns the outcome of the read of {@code resource} by {@code operation}: a stored one younger
   * than both {@code maxAge} and the time to live, the one of a read in flight, or that of {@code
   * read}, which runs on the calling thread. Resource keys are compared case-insensitively, as
   * Azure compares resource IDs.
   */
  public <T> Observed<T> read(
      String operation, String resource, Duration maxAge, Supplier<Observed<T>> read) {
    Objects.requireNonNull(maxAge, "maxAge");
    long maxAgeNanos = Math.min(ttlNanos, maxAge.isNegative() ? 0 : saturatedNanos(maxAge));
    Key key = new Key(operation, resource.toLowerCase(Locale.ROOT));
    while (true) {
      Entry existing = entries.get(key);
      if (existing == null) {
        Entry mine = new Entry(ticker.getAsLong());
        if (entries.putIfAbsent(key, mine) == null) {
          return load(key, mine, read);
        }
      } else if (!existing.outcome.isDone()) {
        coalesced.increment();
        // NOTE: a waiter has no timeout of its own. It is bounded only by the reading caller's
        // retries and timeouts, so one slow shared read can hold every reconcile thread needing it.
        return cast(existing.outcome.join());
      } else if (age(existing) < maxAgeNanos) {
        hits.increment();
        return cast(existing.outcome.join());
      } else {
        entries.remove(key, existing);
      }
    }
  }

  /**
   * Forgets every stored outcome and read in flight, so that the next request of each resource
   * reads Azure. Callers already waiting for a read in flight still get its outcome, but it is not
   * stored.
   */
  public void invalidateAll() {
    entries.clear();
  }

  /**
   * Forgets the outcomes of {@code resourceId} and of everything under it, such as the keys of a
   * vault, so that a check right after a change, a repair for instance, reads Azure again. A read
   * in flight may have started before the change, so it is forgotten too: the callers already
   * waiting for it get its outcome, but it is not stored and the next request reads again.
   */
  public void invalidate(String resourceId) {
    String prefix = resourceId.toLowerCase(Locale.ROOT).replaceFirst("/+$", "");
    entries.keySet().removeIf(key -> key.isUnder(prefix));
  }

  /** Returns how many outcomes and reads in flight the cache holds. */
  public int size() {
    return entries.size();
  }

  public Stats stats() {
    return new Stats(reads.sum(), hits.sum(), coalesced.sum());
  }

  private <T> Observed<T> load(Key key, Entry entry, Supplier<Observed<T>> read) {
    reads.increment();
    Observed<T> outcome;
    try {
      outcome = read.get();
    } catch (RuntimeException | Error e) {
      entries.remove(key, entry);
      entry.outcome.completeExceptionally(e);
      throw e;
    }
    if (outcome instanceof Observed.Failed<?> || ttlNanos == 0) {
      entries.remove(key, entry);
    }
    entry.outcome.complete(outcome);
    purgeExpired();
    return outcome;
  }

  private long age(Entry entry) {
    return ticker.getAsLong() - entry.startedAt;
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Removes expired outcomes, at most once per time to live, so unused resources do not pile up.
   */
  private void purgeExpired() {
    long now = ticker.getAsLong();
    long last = lastPurge.get();
    if (now - last < Math.max(ttlNanos, 1) || !lastPurge.compareAndSet(last, now)) {
      return;
    }
    entries.values().removeIf(entry -> entry.outcome.isDone() && age(entry) >= ttlNanos);
  }

  @SuppressWarnings("unchecked")
  private static <T> Observed<T> cast(Observed<?> outcome) {
    // Keys include the operation, and one operation always yields the same type.
    return (Observed<T>) outcome;
  }

  private record Key(String operation, String resource) {

    /**
     * Returns whether the resource is {@code prefix} or lies under it: a path below it, such as a
     * vault's keys, or a key that adds a principal after a space, such as role assignments.
     */
    boolean isUnder(String prefix) {
      if (!resource.startsWith(prefix)) {
        return false;
      }
      if (resource.length() == prefix.length()) {
        return true;
      }
      char next = resource.charAt(prefix.length());
      return next == '/' || next == ' ';
    }
  }

  private static final class Entry {
    private final long startedAt;
    private final CompletableFuture<Observed<?>> outcome = new CompletableFuture<>();

    Entry(long startedAt) {
      this.startedAt = startedAt;
    }
  }
}
