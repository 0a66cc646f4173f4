package io.acrcmk.operator.bench;

import io.acrcmk.operator.azure.AzureRetryOptions;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.azure.SharedReadCache;
import io.acrcmk.operator.azure.SubscriptionBudgets;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.Operations;
import io.acrcmk.operator.sandbox.SimulatorOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * One benchmark scenario: a fresh simulator with ARM's read limits enforced, a seeded fleet, and
 * one check cycle through a loader configured for the mode.
 *
 * @param shared true for the production setup (shared reads, concurrent checks), false for the
 *     naive one (every policy reads everything, one check at a time)
 * @param policies the fleet size
 * @param groups the shared vault-and-identity groups
 * @param concurrency the checks run at once in shared mode
 * @param latency the simulator's delay before each response
 * @param readCapacity the burst of the budget and of the simulated ARM bucket
 * @param readRefill the refill per second of both
 * @param ttl the shared read cache's time to live
 * @param checkInterval the policies' check interval, which each load passes as its max age for
 *     shared reads, as the reconciler does
 */
record BenchScenario(
    boolean shared,
    int policies,
    int groups,
    int concurrency,
    Duration latency,
    int readCapacity,
    double readRefill,
    Duration ttl,
    Duration checkInterval) {

  /** Runs the scenario and returns what it measured. */
  BenchResult run() {
    SimulatorOptions options =
        SimulatorOptions.defaults()
            .latency(latency)
            .armReads(readCapacity, readRefill)
            .enforceRateLimits(true)
            // The counts by operation cover every request; the entries themselves are not needed
            // and would add to the heap being measured.
            .requestLogCapacity(1);
    try (AzureSimulator simulator = AzureSimulator.start(options)) {
      BenchFleet fleet = BenchFleet.seed(simulator, policies, groups);
      SubscriptionBudgets budgets =
          new SubscriptionBudgets(readCapacity, readRefill, SubscriptionBudgets.DEFAULT_MAX_WAIT);
      AzureSnapshotLoader loader =
          new AzureSnapshotLoader(
              simulator.connection(),
              AzureRetryOptions.DEFAULT,
              Clock.systemUTC(),
              budgets,
              shared ? new SharedReadCache(ttl) : null);
      int threads = shared ? concurrency : 1;
      long heapBefore = ResourceMeter.settledHeapBytes();
      simulator.clearRequests();
      FleetCycle.Result cycle;
      long peakHeap;
      Duration cpu;
      try (ResourceMeter meter = ResourceMeter.start()) {
        cycle =
            FleetCycle.run(target -> loader.load(target, checkInterval), fleet.targets(), threads);
        peakHeap = meter.peakHeapBytes();
        cpu = meter.cpuTime();
      }
      return new BenchResult(
          shared ? "shared" : "naive",
          policies,
          groups,
          threads,
          cycle,
          armReads(simulator.requestLog().countsByOperation()),
          shared ? fleet.readsWithSharing() : fleet.readsWithoutSharing(),
          readRefill,
          budgets.throttledResponses(),
          heapBefore,
          peakHeap,
          cpu);
    }
  }

  private static long armReads(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .filter(entry -> !entry.getKey().equals(Operations.TOKEN))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
