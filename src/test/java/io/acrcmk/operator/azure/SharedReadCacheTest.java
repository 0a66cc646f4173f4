package io.acrcmk.operator.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Checks the shared read cache's expiry, coalescing and failure handling on a test clock. */
class SharedReadCacheTest {

  private static final Duration TTL = Duration.ofSeconds(30);
  private static final String VAULT = "/subscriptions/s/resourceGroups/rg/providers/v/kv1";

  private final AtomicLong now = new AtomicLong();
  private final SharedReadCache cache = new SharedReadCache(TTL, now::get);
  private final AtomicInteger calls = new AtomicInteger();
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void storedOutcomeIsReturnedWithinTtl() {
    cache.read("vaults.get", VAULT, counted(Observed.found("v1")));
    now.addAndGet(TTL.toNanos() - 1);

    Observed<String> second = cache.read("vaults.get", VAULT, counted(Observed.found("v2")));

    assertThat(second.valueOrNull()).isEqualTo("v1");
    assertThat(calls).hasValue(1);
    assertThat(cache.stats()).isEqualTo(new SharedReadCache.Stats(1, 1, 0));
  }

  @Test
  void expiredOutcomeIsReadAgain() {
    cache.read("vaults.get", VAULT, counted(Observed.found("v1")));
    now.addAndGet(TTL.toNanos());

    Observed<String> second = cache.read("vaults.get", VAULT, counted(Observed.found("v2")));

    assertThat(second.valueOrNull()).isEqualTo("v2");
    assertThat(calls).hasValue(2);
  }

  @Test
  void callerMaxAgeShortensFreshness() {
    cache.read("vaults.get", VAULT, counted(Observed.found("v1")));
    now.addAndGet(Duration.ofSeconds(10).toNanos());

    Observed<String> withinAge =
        cache.read("vaults.get", VAULT, Duration.ofSeconds(11), counted(Observed.found("v2")));
    Observed<String> tooOld =
        cache.read("vaults.get", VAULT, Duration.ofSeconds(10), counted(Observed.found("v3")));

    assertThat(withinAge.valueOrNull()).isEqualTo("v1");
    assertThat(tooOld.valueOrNull()).isEqualTo("v3");
    assertThat(calls).hasValue(2);
  }

  @Test
  void ttlCapsCallerMaxAge() {
    cache.read("vaults.get", VAULT, counted(Observed.found("v1")));
    now.addAndGet(TTL.toNanos());

    Observed<String> second =
        cache.read("vaults.get", VAULT, Duration.ofDays(365_000), counted(Observed.found("v2")));

    assertThat(second.valueOrNull()).isEqualTo("v2");
  }

  @Test
  void notFoundIsStoredLikeFound() {
    cache.read("vaults.get", VAULT, counted(Observed.notFound("VaultNotFound")));

    Observed<String> second = cache.read("vaults.get", VAULT, counted(Observed.found("v2")));

    assertThat(second.isNotFound()).isTrue();
    assertThat(calls).hasValue(1);
  }

  @Test
  void failedOutcomeIsNotStored() {
    Observed<String> first = cache.read("vaults.get", VAULT, counted(Observed.failed(failure())));

    Observed<String> second = cache.read("vaults.get", VAULT, counted(Observed.found("v1")));

    assertThat(first.failureOrNull()).isNotNull();
    assertThat(second.valueOrNull()).isEqualTo("v1");
    assertThat(calls).hasValue(2);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void keysIgnoreCaseOfResourceId() {
    cache.read("vaults.get", VAULT, counted(Observed.found("v1")));

    Observed<String> upper =
        cache.read("vaults.get", VAULT.toUpperCase(), counted(Observed.found("v2")));

    assertThat(upper.valueOrNull()).isEqualTo("v1");
  }

  @Test
  void operationsOnSameResourceAreSeparate() {
    cache.read("vaults.get", VAULT, counted(Observed.found("vault")));

    Observed<String> deleted =
        cache.read("vaults.listDeleted", VAULT, counted(Observed.notFound("none")));

    assertThat(deleted.isNotFound()).isTrue();
    assertThat(calls).hasValue(2);
  }

  @Test
  void concurrentCallersShareOneReadInFlight() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    Supplier<Observed<String>> slowRead =
        () -> {
          calls.incrementAndGet();
          started.countDown();
          await(release);
          return Observed.found("v1");
        };
    List<Future<Observed<String>>> results = new ArrayList<>();
    results.add(pool.submit(() -> cache.read("vaults.get", VAULT, slowRead)));
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 7; i++) {
      results.add(pool.submit(() -> cache.read("vaults.get", VAULT, slowRead)));
    }
    waitUntilCoalesced(7);

    release.countDown();

    for (Future<Observed<String>> result : results) {
      assertThat(result.get(5, TimeUnit.SECONDS).valueOrNull()).isEqualTo("v1");
    }
    assertThat(calls).hasValue(1);
    assertThat(cache.stats()).isEqualTo(new SharedReadCache.Stats(1, 0, 7));
  }

  @Test
  void failureInFlightReachesWaiters() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    Supplier<Observed<String>> failingRead =
        () -> {
          calls.incrementAndGet();
          started.countDown();
          await(release);
          return Observed.failed(failure());
        };
    Future<Observed<String>> owner = pool.submit(() -> cache.read("keys.get", VAULT, failingRead));
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    Future<Observed<String>> waiter = pool.submit(() -> cache.read("keys.get", VAULT, failingRead));
    waitUntilCoalesced(1);

    release.countDown();

    assertThat(owner.get(5, TimeUnit.SECONDS).failureOrNull()).isNotNull();
    assertThat(waiter.get(5, TimeUnit.SECONDS).failureOrNull()).isNotNull();
    assertThat(calls).hasValue(1);
    assertThat(cache.size()).isZero();
  }

  @Test
  void throwingReadIsNotStored() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    Supplier<Observed<String>> throwingRead =
        () -> {
          started.countDown();
          await(release);
          throw new IllegalStateException("broken read");
        };
    Future<Observed<String>> owner = pool.submit(() -> cache.read("keys.get", VAULT, throwingRead));
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    Future<Observed<String>> waiter =
        pool.submit(() -> cache.read("keys.get", VAULT, throwingRead));
    waitUntilCoalesced(1);

    release.countDown();

    assertThatThrownBy(() -> owner.get(5, TimeUnit.SECONDS))
        .hasRootCauseInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> waiter.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(CompletionException.class)
        .hasRootCauseMessage("broken read");
    assertThat(cache.size()).isZero();
  }

  @Test
  void zeroTtlSharesOnlyReadsInFlight() {
    SharedReadCache inFlightOnly = new SharedReadCache(Duration.ZERO, now::get);

    inFlightOnly.read("vaults.get", VAULT, counted(Observed.found("v1")));
    Observed<String> second = inFlightOnly.read("vaults.get", VAULT, counted(Observed.found("v2")));

    assertThat(second.valueOrNull()).isEqualTo("v2");
    assertThat(calls).hasValue(2);
    assertThat(inFlightOnly.size()).isZero();
  }

  @Test
  void invalidateAllForcesNewReads() {
    cache.read("vaults.get", VAULT, counted(Observed.found("v1")));

    cache.invalidateAll();
    Observed<String> second = cache.read("vaults.get", VAULT, counted(Observed.found("v2")));

    assertThat(second.valueOrNull()).isEqualTo("v2");
  }

  @Test
  void invalidateForgetsResourceAndChildren() {
    cache.read("vaults.get", VAULT, counted(Observed.found("vault")));
    cache.read("keys.get", VAULT + "/keys/k1", counted(Observed.found("key")));
    cache.read("roleAssignments.listForScope", VAULT + " principal", counted(Observed.found("ra")));
    cache.read("vaults.get", VAULT + "0", counted(Observed.found("other vault")));

    cache.invalidate(VAULT.toUpperCase() + "/");

    assertThat(cache.size()).isEqualTo(1);
    Observed<String> other =
        cache.read("vaults.get", VAULT + "0", counted(Observed.found("changed")));
    assertThat(other.valueOrNull()).isEqualTo("other vault");
    Observed<String> key = cache.read("keys.get", VAULT + "/keys/k1", counted(Observed.found("k")));
    assertThat(key.valueOrNull()).isEqualTo("k");
  }

  @Test
  void readInFlightDuringInvalidateIsNotKept() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    Supplier<Observed<String>> readBeforeChange =
        () -> {
          calls.incrementAndGet();
          started.countDown();
          await(release);
          return Observed.found("before the change");
        };
    Future<Observed<String>> owner =
        pool.submit(() -> cache.read("vaults.get", VAULT, readBeforeChange));
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

    cache.invalidate(VAULT);
    release.countDown();

    assertThat(owner.get(5, TimeUnit.SECONDS).valueOrNull()).isEqualTo("before the change");
    Observed<String> next =
        cache.read("vaults.get", VAULT, counted(Observed.found("after the change")));
    assertThat(next.valueOrNull()).isEqualTo("after the change");
    assertThat(calls).hasValue(2);
  }

  @Test
  void expiredOutcomesArePurged() {
    for (int i = 0; i < 10; i++) {
      cache.read("vaults.get", VAULT + i, counted(Observed.found("v")));
    }
    now.addAndGet(TTL.toNanos() + 1);

    cache.read("vaults.get", "/other", counted(Observed.found("v")));

    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void rejectsNegativeTtl() {
    assertThatThrownBy(() -> new SharedReadCache(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttl must not be negative");
  }

  private <T> Supplier<Observed<T>> counted(Observed<T> outcome) {
    return () -> {
      calls.incrementAndGet();
      return outcome;
    };
  }

  private void waitUntilCoalesced(long waiters) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (cache.stats().coalesced() < waiters && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(cache.stats().coalesced()).isEqualTo(waiters);
  }

  private static ReadFailure failure() {
    return new ReadFailure(
        ReadFailure.Kind.UNAVAILABLE, "vaults.get", 503, "ServiceUnavailable", "down", null, null);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
