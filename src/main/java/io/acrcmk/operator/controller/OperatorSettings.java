package io.acrcmk.operator.controller;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the operator process, as opposed to those of one policy.
 *
 * @param namespaces the namespaces to watch; empty means all namespaces
 * @param labelSelector a label selector that limits which policies this instance watches, or null
 *     for all
 * @param maxConcurrentReconciles how many policies are checked at once; Azure reads are I/O bound,
 *     so this may exceed the core count
 * @param checkIntervalOverride an interval that replaces every policy's checkInterval, for the demo
 *     and tests; null in production
 * @param eventDedupeWindow how long an identical event is suppressed
 */
public record OperatorSettings(
    Set<String> namespaces,
    String labelSelector,
    int maxConcurrentReconciles,
    Duration checkIntervalOverride,
    Duration eventDedupeWindow) {

  /** The reconcile thread count used when none is configured. */
  public static final int DEFAULT_CONCURRENCY = 16;

  public OperatorSettings {
    namespaces = Set.copyOf(Objects.requireNonNull(namespaces, "namespaces"));
    if (maxConcurrentReconciles < 1) {
      throw new IllegalArgumentException(
          "maxConcurrentReconciles must be at least 1, got " + maxConcurrentReconciles);
    }
    Objects.requireNonNull(eventDedupeWindow, "eventDedupeWindow");
  }

  /** Returns settings that watch all namespaces with the defaults. */
  public static OperatorSettings defaults() {
    return new OperatorSettings(Set.of(), null, DEFAULT_CONCURRENCY, null, Duration.ofMinutes(10));
  }

  /** Returns a copy whose policies are all checked every {@code interval}. */
  public OperatorSettings withCheckIntervalOverride(Duration interval) {
    return new OperatorSettings(
        namespaces, labelSelector, maxConcurrentReconciles, interval, eventDedupeWindow);
  }

  /** Returns a copy that watches only {@code watched}. */
  public OperatorSettings withNamespaces(Set<String> watched) {
    return new OperatorSettings(
        watched, labelSelector, maxConcurrentReconciles, checkIntervalOverride, eventDedupeWindow);
  }
}
