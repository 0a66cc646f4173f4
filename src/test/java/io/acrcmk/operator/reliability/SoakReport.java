package io.acrcmk.operator.reliability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/** The figures of one soak run, printed to the test output as a short table. */
final class SoakReport {

  /** java-operator-sdk's counter of reconciles started, one series per controller. */
  static final String RECONCILES_STARTED = "operator.sdk.reconciliations.started";

  /** java-operator-sdk's counter of reconciles that threw. */
  static final String RECONCILES_FAILED = "operator.sdk.reconciliations.failed";

  final long seed;
  int policies;
  int groups;
  int cycles;
  int warmUpChecks;
  long checksUnderFaults;
  Duration cpuUnderFaults = Duration.ZERO;
  long checks;
  int minimumChecks;
  String checksPerPolicy = "";
  int unknownChecks;
  long reconcilesStarted;
  long reconcilesFailed;
  String faultCounts = "";
  String faultsLeft = "";
  long azureRequests;
  long eventsDeleted;
  long heapBefore;
  long heapAfter;
  int threadsBefore;
  int threadsAfter;
  Duration wallTime = Duration.ZERO;

  SoakReport(long seed) {
    this.seed = seed;
  }

  /** Takes the counts of {@code run} and {@code faults} before the run is closed. */
  void record(SoakRun run, SoakFaults faults) {
    checks = run.counter().totalLoads();
    minimumChecks = run.counter().minimumLoads();
    int[] sorted = run.counter().sortedLoads();
    if (sorted.length > 0) {
      checksPerPolicy =
          String.format(
              "min %d, 1st percentile %d, median %d, max %d",
              sorted[0],
              sorted[sorted.length / 100],
              sorted[sorted.length / 2],
              sorted[sorted.length - 1]);
    }
    unknownChecks = run.counter().unknownLoads();
    reconcilesStarted = count(run.metrics().registry(), RECONCILES_STARTED);
    reconcilesFailed = count(run.metrics().registry(), RECONCILES_FAILED);
    faultCounts =
        String.format(
            "%d transient rules injected and %d recovered, %d requests faulted; %d state faults"
                + " injected and %d recovered",
            faults.transientInjected(),
            faults.transientRecovered(),
            faults.requestsFaulted(),
            faults.stateInjected(),
            faults.stateRecovered());
    faultsLeft = faults.describeStateFaults();
    azureRequests =
        run.simulator().requestLog().countsByOperation().values().stream()
            .mapToLong(Long::longValue)
            .sum();
    eventsDeleted = run.eventsDeleted();
  }

  private static long count(MeterRegistry registry, String name) {
    return (long) registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  static String mebibytes(long bytes) {
    return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  @Override
  public String toString() {
    return String.join(
        System.lineSeparator(),
        "Soak report",
        "  seed              " + seed,
        "  policies          " + policies + " over " + groups + " vault groups",
        "  cycles            " + cycles + " under faults, check interval " + SoakRun.CHECK_INTERVAL,
        String.format(
            "  checks            %d; the least-checked policy %d, of which %d in the warm-up",
            checks, minimumChecks, warmUpChecks),
        "  per policy        " + checksPerPolicy,
        String.format(
            "  reconciles        %d started, %d failed (java-operator-sdk metrics)",
            reconcilesStarted, reconcilesFailed),
        String.format(
            "  CPU               %.2f ms per check under faults, over %d checks",
            cpuUnderFaults.toNanos() / 1e6 / Math.max(1, checksUnderFaults), checksUnderFaults),
        "  faults            " + faultCounts,
        "  left in force     " + faultsLeft,
        "  Azure requests    " + azureRequests,
        "  Events deleted    " + eventsDeleted,
        "  heap              "
            + mebibytes(heapBefore)
            + " after warm-up, "
            + mebibytes(heapAfter)
            + " at the end",
        "  threads           " + threadsBefore + " before, " + threadsAfter + " after close",
        String.format("  wall time         %.1f s", wallTime.toMillis() / 1000.0));
  }
}
