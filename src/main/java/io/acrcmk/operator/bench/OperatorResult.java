package io.acrcmk.operator.bench;

import java.time.Duration;

/**
 * The measurements of one fleet checked by the operator through the java-operator-sdk runtime.
 *
 * @param policies the policies in the fleet
 * @param groups the shared vault-and-identity groups
 * @param concurrency the reconcile threads
 * @param checkInterval every policy's {@code spec.checkInterval}
 * @param startCall how long {@code PolicyOperator.start()} took, informer sync included
 * @param firstStatus from the call of {@code start()} to the first status the API server stored
 * @param cycle from the call of {@code start()} to the moment every policy had a status
 * @param armReads the ARM reads the simulator served during that first cycle, tokens excluded
 * @param readsNeeded the ARM reads one cycle needs when shared resources are read once
 * @param refillPerSecond the budget's sustained reads per second, for the floor
 * @param throttled the reads that got a 429 response during the whole scenario
 * @param unknownStatuses the statuses written with Ready Unknown during the whole scenario
 * @param healthy the policies whose first status had Ready True
 * @param memory the heap and resident set figures
 * @param cpuTime the process CPU time of the first cycle, simulator and API server included
 * @param detection the detection latency of the injected faults
 */
record OperatorResult(
    int policies,
    int groups,
    int concurrency,
    Duration checkInterval,
    Duration startCall,
    Duration firstStatus,
    Duration cycle,
    long armReads,
    long readsNeeded,
    double refillPerSecond,
    long throttled,
    long unknownStatuses,
    int healthy,
    Memory memory,
    Duration cpuTime,
    Detection detection) {

  /**
   * Heap and resident set of one scenario, in bytes. Live figures are the used heap after full
   * collections.
   *
   * @param simulatorLive the live heap the simulator and its seeded fleet added
   * @param apiServerLive the live heap the API server and its stored policies added, with the
   *     status watch
   * @param totalLive the whole live heap with the operator running after its first cycle
   * @param operatorLive the live heap that went away when the operator was stopped: its informer
   *     cache, shared read cache, clients and threads
   * @param peakHeap the most heap in use during the first cycle, garbage included
   * @param peakResident the peak resident set size of the process during the first cycle, or -1
   *     when unknown
   */
  record Memory(
      long simulatorLive,
      long apiServerLive,
      long totalLive,
      long operatorLive,
      long peakHeap,
      long peakResident) {}

  /**
   * The time from each injected fault to the first status with Ready False for its policy.
   *
   * @param injected the faults injected, one per chosen policy
   * @param detected the faults whose policy turned Ready False before the deadline
   * @param p50 the median detection latency, or null when none was detected
   * @param p99 the 99th percentile (nearest rank), or null when none was detected
   * @param max the longest, or null when none was detected
   */
  record Detection(int injected, int detected, Duration p50, Duration p99, Duration max) {}

  /** Returns a copy with {@code figures} as its memory. */
  OperatorResult withMemory(Memory figures) {
    return new OperatorResult(
        policies,
        groups,
        concurrency,
        checkInterval,
        startCall,
        firstStatus,
        cycle,
        armReads,
        readsNeeded,
        refillPerSecond,
        throttled,
        unknownStatuses,
        healthy,
        figures,
        cpuTime,
        detection);
  }

  double readsPerPolicy() {
    return (double) armReads / policies;
  }

  /** Returns the shortest cycle the budget allows for the reads needed. */
  Duration floor() {
    return Duration.ofMillis((long) (readsNeeded / refillPerSecond * 1000));
  }
}
