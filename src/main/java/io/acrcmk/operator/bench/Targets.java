package io.acrcmk.operator.bench;

import java.time.Duration;

/** The targets the benchmark reports its figures against. */
final class Targets {

  /** A cycle may take at most this multiple of its floor, the reads needed over the refill. */
  static final double CYCLE_OVER_FLOOR = 1.1;

  /** Reads per policy per cycle, where at least {@link #SHARING_POLICIES} share a vault. */
  static final double READS_PER_POLICY = 1.1;

  /** The policies per vault-and-identity group from which the read target applies. */
  static final int SHARING_POLICIES = 100;

  /** The operator's live heap at {@link #HEAP_POLICIES} policies. */
  static final long OPERATOR_HEAP_BYTES = 256L * 1024 * 1024;

  /** The fleet size the heap target is set for; smaller fleets are held to it too. */
  static final int HEAP_POLICIES = 10_000;

  /** The detection latency p99 may exceed the check interval by this much. */
  static final Duration DETECTION_SLACK = Duration.ofSeconds(5);

  private Targets() {}

  static boolean cycleMet(Duration cycle, Duration floor) {
    return cycle.toMillis() <= CYCLE_OVER_FLOOR * floor.toMillis();
  }

  /** Returns whether the read target applies to a fleet of this shape. */
  static boolean readsApply(int policies, int groups) {
    return policies / groups >= SHARING_POLICIES;
  }

  static boolean readsMet(double readsPerPolicy) {
    return readsPerPolicy <= READS_PER_POLICY;
  }

  /** Returns whether the heap target applies, which it does up to its fleet size. */
  static boolean heapApplies(int policies) {
    return policies <= HEAP_POLICIES;
  }

  static boolean heapMet(long operatorLiveBytes) {
    return operatorLiveBytes <= OPERATOR_HEAP_BYTES;
  }

  static Duration detectionLimit(Duration checkInterval) {
    return checkInterval.plus(DETECTION_SLACK);
  }
}
