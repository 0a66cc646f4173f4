package io.acrcmk.operator.bench;

import java.time.Duration;

/**
 * The measurements of one benchmark scenario.
 *
 * @param mode {@code shared} (budget, shared reads, concurrent checks) or {@code naive} (budget, no
 *     sharing, one check at a time)
 * @param policies the policies in the fleet
 * @param groups the shared vault-and-identity groups
 * @param concurrency the checks run at once
 * @param cycle the cycle's wall time, longest load and health counts
 * @param armReads the ARM reads the simulator served, token requests excluded
 * @param readsNeeded the ARM reads the mode needs at least, see {@link BenchFleet}
 * @param refillPerSecond the budget's sustained reads per second, for the floor
 * @param throttled the reads that got a 429 response
 * @param heapBeforeBytes the heap in use after seeding, after a full collection
 * @param peakHeapBytes the most heap in use during the cycle
 * @param cpuTime the process CPU time the cycle used, simulator included
 */
record BenchResult(
    String mode,
    int policies,
    int groups,
    int concurrency,
    FleetCycle.Result cycle,
    long armReads,
    long readsNeeded,
    double refillPerSecond,
    long throttled,
    long heapBeforeBytes,
    long peakHeapBytes,
    Duration cpuTime) {

  boolean shared() {
    return "shared".equals(mode);
  }

  double readsPerPolicy() {
    return (double) armReads / policies;
  }

  /** Returns the shortest cycle the budget allows for the reads the mode needs. */
  Duration floor() {
    return Duration.ofMillis((long) (readsNeeded / refillPerSecond * 1000));
  }
}
