package io.acrcmk.operator.bench;

import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.SnapshotSource;
import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.check.CheckInput;
import io.acrcmk.operator.check.CheckResult;
import io.acrcmk.operator.check.HealthChecks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * One check cycle over a fleet: each policy's snapshot loaded and checked once, by a fixed number
 * of threads as the operator's reconcile pool would, with the time each load took.
 */
public final class FleetCycle {

  /** The key expiry warning of a policy that does not set one. */
  private static final Duration KEY_EXPIRY_WARNING = Duration.ofDays(30);

  /**
   * The measurements of one cycle.
   *
   * @param wall the time from the first load's start to the last check's end
   * @param maxLoad the longest single load, queueing for budget slots included
   * @param policies the policies checked
   * @param healthy the policies whose every condition came out True
   * @param failedReads the policies with at least one failed read in their snapshot
   */
  public record Result(
      Duration wall, Duration maxLoad, int policies, int healthy, int failedReads) {}

  private FleetCycle() {}

  /**
   * Loads and checks every target with {@code concurrency} threads.
   *
   * @throws IllegalStateException when a load throws, which a snapshot source must not do
   */
  public static Result run(SnapshotSource source, List<PolicyTarget> targets, int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }
    HealthChecks checks = new HealthChecks();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    try {
      List<Future<PolicyOutcome>> futures = new ArrayList<>(targets.size());
      for (PolicyTarget target : targets) {
        futures.add(pool.submit(() -> check(source, checks, target)));
      }
      List<PolicyOutcome> outcomes = new ArrayList<>(futures.size());
      for (Future<PolicyOutcome> future : futures) {
        outcomes.add(future.get());
      }
      return summarise(outcomes, Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the cycle was interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a load failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static PolicyOutcome check(
      SnapshotSource source, HealthChecks checks, PolicyTarget target) {
    long start = System.nanoTime();
    AzureSnapshot snapshot = source.load(target);
    long loadNanos = System.nanoTime() - start;
    List<CheckResult> results =
        checks.evaluate(new CheckInput(target, snapshot, Instant.now(), KEY_EXPIRY_WARNING));
    boolean healthy = results.stream().allMatch(r -> r.status() == ConditionStatus.True);
    return new PolicyOutcome(loadNanos, healthy, hasFailedRead(snapshot));
  }

  private static boolean hasFailedRead(AzureSnapshot snapshot) {
    Stream<Observed<?>> outcomes =
        Stream.of(
            snapshot.registry(),
            snapshot.identity(),
            snapshot.vault(),
            snapshot.deletedVault(),
            snapshot.key(),
            snapshot.keyVersions(),
            snapshot.deletedKey(),
            snapshot.roleAssignments());
    return Stream.concat(outcomes, snapshot.roleDefinitions().values().stream())
        .anyMatch(outcome -> outcome instanceof Observed.Failed<?>);
  }

  private static Result summarise(List<PolicyOutcome> outcomes, Duration wall) {
    long maxLoad = 0;
    int healthy = 0;
    int failed = 0;
    for (PolicyOutcome outcome : outcomes) {
      maxLoad = Math.max(maxLoad, outcome.loadNanos());
      healthy += outcome.healthy() ? 1 : 0;
      failed += outcome.failedRead() ? 1 : 0;
    }
    return new Result(wall, Duration.ofNanos(maxLoad), outcomes.size(), healthy, failed);
  }

  private record PolicyOutcome(long loadNanos, boolean healthy, boolean failedRead) {}
}
