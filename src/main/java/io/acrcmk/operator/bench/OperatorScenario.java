package io.acrcmk.operator.bench;

import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.SubscriptionBudgets;
import io.acrcmk.operator.controller.PolicyOperator;
import io.acrcmk.operator.sandbox.Operations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One fleet checked by the real operator: java-operator-sdk reconciling policies stored in the
 * embedded API server, reading the simulator through the read budget and the shared read cache. It
 * measures the first cycle after start, the live heap, and how long the operator takes to report
 * faults injected into part of the fleet.
 *
 * @param policies the fleet size
 * @param groups the shared vault-and-identity groups
 * @param concurrency the reconcile threads
 * @param latency the simulator's delay before each response
 * @param readCapacity the burst of the budget and of the simulated ARM bucket
 * @param readRefill the refill per second of both
 * @param sharedReadTtl the shared read cache's time to live
 * @param checkInterval every policy's check interval
 * @param faultShare the share of the fleet that gets a fault, at least one policy
 * @param faultWindow each fault is injected at a random moment within this time after the cycle
 * @param seed the seed of the choice of policies and moments
 */
record OperatorScenario(
    int policies,
    int groups,
    int concurrency,
    Duration latency,
    int readCapacity,
    double readRefill,
    Duration sharedReadTtl,
    Duration checkInterval,
    double faultShare,
    Duration faultWindow,
    long seed) {

  /** Slack on top of the floor for the first cycle before the scenario gives up. */
  private static final Duration CYCLE_SLACK = Duration.ofMinutes(2);

  /** Slack on top of window and interval for detection, for a check queued behind the budget. */
  private static final Duration DETECTION_SLACK = Duration.ofMinutes(1);

  /** Runs the scenario and returns what it measured. */
  OperatorResult run() throws InterruptedException {
    long emptyHeap = ProcessMemory.liveHeapBytes();
    try (FleetFixtures fixtures =
        FleetFixtures.seedAzure(policies, groups, latency, readCapacity, readRefill)) {
      long withSimulator = ProcessMemory.liveHeapBytes();
      fixtures.applyPolicies(checkInterval);
      long withApiServer = ProcessMemory.liveHeapBytes();
      OperatorResult result = runOperator(fixtures);
      // The operator is stopped and no longer referenced, so what it held is garbage now.
      long withoutOperator = ProcessMemory.liveHeapBytes();
      OperatorResult.Memory running = result.memory();
      return result.withMemory(
          new OperatorResult.Memory(
              withSimulator - emptyHeap,
              withApiServer - withSimulator,
              running.totalLive(),
              running.totalLive() - withoutOperator,
              running.peakHeap(),
              running.peakResident()));
    }
  }

  /**
   * Starts the operator, waits for its first cycle, measures it, injects the faults and stops the
   * operator. The memory of the result has only the figures measured while the operator ran.
   */
  private OperatorResult runOperator(FleetFixtures fixtures) throws InterruptedException {
    SubscriptionBudgets budgets =
        new SubscriptionBudgets(readCapacity, readRefill, SubscriptionBudgets.DEFAULT_MAX_WAIT);
    StatusWatch watch = fixtures.watch();
    long readsNeeded = fixtures.fleet().readsWithSharing();
    Duration cycleTimeout =
        Duration.ofMillis((long) (readsNeeded / readRefill * 3000)).plus(CYCLE_SLACK);
    ProcessMemory.resetPeakResident();
    fixtures.simulator().clearRequests();
    try (PolicyOperator operator = fixtures.createOperator(concurrency, budgets, sharedReadTtl);
        ResourceMeter meter = ResourceMeter.start()) {
      long start = System.nanoTime();
      operator.start();
      Duration startCall = Duration.ofNanos(System.nanoTime() - start);
      if (!watch.awaitFirstStatuses(cycleTimeout)) {
        throw new IllegalStateException(
            watch.records().size()
                + " of "
                + policies
                + " policies had a status after "
                + cycleTimeout.toSeconds()
                + " s; the first cycle did not finish");
      }
      long armReads = armReads(fixtures.simulator().requestLog().countsByOperation());
      long peakHeap = meter.peakHeapBytes();
      long peakResident = ProcessMemory.peakResidentBytes();
      Duration cpu = meter.cpuTime();
      Duration cycle = Duration.ofNanos(watch.lastFirstStatusNanos() - start);
      Duration firstStatus = Duration.ofNanos(firstStatusNanos(watch) - start);
      long liveHeap = ProcessMemory.liveHeapBytes();
      OperatorResult.Detection detection = injectFaults(fixtures);
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
          readRefill,
          budgets.throttledResponses(),
          watch.unknownStatuses(),
          healthy(watch),
          new OperatorResult.Memory(-1, -1, liveHeap, -1, peakHeap, peakResident),
          cpu,
          detection);
    }
  }

  private static long firstStatusNanos(StatusWatch watch) {
    return watch.records().values().stream()
        .mapToLong(StatusWatch.PolicyRecord::firstStatusNanos)
        .min()
        .orElseThrow();
  }

  private static int healthy(StatusWatch watch) {
    return (int)
        watch.records().values().stream()
            .filter(record -> "True".equals(record.firstReady()))
            .count();
  }

  /**
   * Detaches the identity from the registries of a random share of the fleet, each at its own
   * random moment within the fault window, and waits until each policy reports Ready False or the
   * deadline passes. The registry is read on every check, never shared, so the fault shows at the
   * policy's next check. Because the first cycle spread the checks over the interval, the moment of
   * a fault is also random relative to its policy's schedule.
   */
  private OperatorResult.Detection injectFaults(FleetFixtures fixtures)
      throws InterruptedException {
    Random random = new Random(seed);
    List<PolicyTarget> chosen = new ArrayList<>(fixtures.fleet().targets());
    Collections.shuffle(chosen, random);
    chosen = chosen.subList(0, Math.max(1, (int) Math.round(policies * faultShare)));
    Map<String, Long> injectedAt = new ConcurrentHashMap<>();
    ScheduledExecutorService injector =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "bench-fault-injector");
              thread.setDaemon(true);
              return thread;
            });
    StatusWatch watch = fixtures.watch();
    try {
      for (PolicyTarget target : chosen) {
        long delay = (long) (random.nextDouble() * faultWindow.toNanos());
        injector.schedule(
            () -> {
              fixtures
                  .simulator()
                  .mutations()
                  .detachIdentity(target.registry().toString(), target.identity().toString());
              injectedAt.put(FleetFixtures.policyName(target), System.nanoTime());
            },
            delay,
            TimeUnit.NANOSECONDS);
      }
      long deadline =
          System.nanoTime()
              + faultWindow.plus(checkInterval).plus(checkInterval).plus(DETECTION_SLACK).toNanos();
      while (System.nanoTime() < deadline && !allDetected(chosen, injectedAt, watch)) {
        watch.requireOpen();
        Thread.sleep(200);
      }
    } finally {
      injector.shutdownNow();
    }
    return detection(chosen, injectedAt, watch);
  }

  private static boolean allDetected(
      List<PolicyTarget> chosen, Map<String, Long> injectedAt, StatusWatch watch) {
    return injectedAt.size() == chosen.size()
        && chosen.stream().allMatch(target -> latencyNanos(target, injectedAt, watch) >= 0);
  }

  /** Returns the detection latency of one fault, or -1 when it was not detected. */
  private static long latencyNanos(
      PolicyTarget target, Map<String, Long> injectedAt, StatusWatch watch) {
    String name = FleetFixtures.policyName(target);
    Long injected = injectedAt.get(name);
    StatusWatch.PolicyRecord record = watch.records().get(name);
    if (injected == null || record == null || record.firstFalseNanos() < injected) {
      return -1;
    }
    return record.firstFalseNanos() - injected;
  }

  private static OperatorResult.Detection detection(
      List<PolicyTarget> chosen, Map<String, Long> injectedAt, StatusWatch watch) {
    List<Long> latencies = new ArrayList<>();
    for (PolicyTarget target : chosen) {
      long latency = latencyNanos(target, injectedAt, watch);
      if (latency >= 0) {
        latencies.add(latency);
      }
    }
    Collections.sort(latencies);
    if (latencies.isEmpty()) {
      return new OperatorResult.Detection(chosen.size(), 0, null, null, null);
    }
    return new OperatorResult.Detection(
        chosen.size(),
        latencies.size(),
        Duration.ofNanos(percentile(latencies, 50)),
        Duration.ofNanos(percentile(latencies, 99)),
        Duration.ofNanos(latencies.get(latencies.size() - 1)));
  }

  /** Returns the nearest-rank percentile of sorted values. */
  static long percentile(List<Long> sorted, int percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static long armReads(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .filter(entry -> !entry.getKey().equals(Operations.TOKEN))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
