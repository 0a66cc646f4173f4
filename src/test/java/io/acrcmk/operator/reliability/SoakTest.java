package io.acrcmk.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs 1,000 policies through 50 check cycles in the real java-operator-sdk runtime while Azure
 * faults come and go at random, then stops the faults and checks the outcome. No policy may be lost
 * or left stale, each must report the state left in the simulator, nothing may fail inside the
 * operator, and heap and threads must not grow.
 *
 * <p>The seed of the fault sequence is printed, and {@code -Dsoak.seed=N} repeats a run's choices,
 * though not their timing. The report at the end goes to the test output, and so does the fault
 * sequence when a check fails.
 */
class SoakTest {

  private static final int POLICIES = 1_000;
  private static final int GROUPS = 10;
  private static final int CYCLES = 50;
  private static final long DEFAULT_SEED = 20_261_204L;

  private static final Duration FAULT_PERIOD = Duration.ofMillis(500);
  private static final Duration PROGRESS_PERIOD = Duration.ofSeconds(15);

  /**
   * How long a phase may go without progress, such as the least-checked policy getting checked. A
   * cycle takes seconds, so only a stuck policy or a stuck operator reaches it.
   */
  private static final Duration STALL_TIMEOUT = Duration.ofMinutes(2);

  /**
   * Name prefixes of threads that may outlive the soak without being leaks. Reactor, azure-core,
   * the fabric8 client and the JDK keep these pools once per JVM, grow them with load up to a cap,
   * and end idle threads after a minute or less. The JVM starts the attach listener for diagnostic
   * tools.
   */
  private static final List<String> JVM_WIDE_THREADS =
      List.of(
          "boundedElastic-",
          "azure-sdk-global-thread-",
          "CachedSingleThreadScheduler-",
          "ForkJoinPool.commonPool-worker-",
          "Attach Listener");

  @Test
  void fleetSurvivesRandomAzureFaults() throws Exception {
    long seed = Long.getLong("soak.seed", DEFAULT_SEED);
    System.out.println("Soak seed " + seed + "; repeat its faults with -Dsoak.seed=" + seed);
    SoakReport report = new SoakReport(seed);
    report.policies = POLICIES;
    report.groups = GROUPS;
    report.cycles = CYCLES;
    try (SoakLogs logs = SoakLogs.quietAndWatched()) {
      prime();
      logs.clear();
      Map<Long, String> threadsBefore = SoakJvm.liveThreads();
      Instant started = Instant.now();
      List<RegistryEncryptionPolicy> policies;
      SoakFaults faults;
      Instant finalState;
      try (SoakRun run = SoakRun.start(POLICIES, GROUPS)) {
        faults = new SoakFaults(run.simulator(), run.fleet(), seed, SoakRun.READ_TIMEOUT);
        finalState = soak(run, faults, report);
        policies = run.policies();
        report.heapAfter = SoakJvm.usedHeapAfterGc();
        report.record(run, faults);
      }
      report.wallTime = Duration.between(started, Instant.now());
      Map<Long, String> leaked =
          SoakJvm.threadsStartedSince(
              threadsBefore, SoakTest::isJvmWideThread, Duration.ofSeconds(15));
      report.threadsBefore = threadsBefore.size();
      report.threadsAfter = SoakJvm.liveThreads().size();
      System.out.println(report);

      try {
        assertNoPolicyLost(policies);
        assertReportsFinalState(policies, faults, finalState);
        assertRanCleanly(report, logs.problems());
        assertThat(report.heapAfter)
            .as(
                "used heap at the end, against %s after the warm-up",
                SoakReport.mebibytes(report.heapBefore))
            .isLessThanOrEqualTo((long) (report.heapBefore * 1.5) + 64L * 1024 * 1024);
        assertThat(leaked).as("threads started by the soak and alive after close").isEmpty();
      } catch (AssertionError e) {
        System.out.println("Faults in order:");
        faults.log().forEach(System.out::println);
        throw e;
      }
    }
  }

  /**
   * Warms the fleet up, runs the faults for {@link #CYCLES} cycles, then leaves the final state and
   * waits for two checks of every policy that read it.
   *
   * @return when the final state was set
   */
  private static Instant soak(SoakRun run, SoakFaults faults, SoakReport report)
      throws InterruptedException {
    SoakLoadCounter counter = run.counter();
    awaitPhase("warm-up", counter::minimumLoads, 1, counter);
    report.heapBefore = SoakJvm.usedHeapAfterGc();
    report.warmUpChecks = counter.minimumLoads();
    long cpuBefore = SoakJvm.processCpuNanos();
    long checksBefore = counter.totalLoads();

    ScheduledExecutorService chaos =
        Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "soak-faults"));
    try {
      long period = FAULT_PERIOD.toMillis();
      chaos.scheduleWithFixedDelay(faults::step, period, period, TimeUnit.MILLISECONDS);
      awaitPhase(
          CYCLES + " cycles under faults",
          counter::minimumLoads,
          report.warmUpChecks + CYCLES,
          counter);
    } finally {
      chaos.shutdownNow();
      assertThat(chaos.awaitTermination(30, TimeUnit.SECONDS)).as("fault thread stopped").isTrue();
    }
    report.checksUnderFaults = counter.totalLoads() - checksBefore;
    report.cpuUnderFaults = Duration.ofNanos(SoakJvm.processCpuNanos() - cpuBefore);

    faults.stopTransientFaults();
    faults.settle();
    Instant finalState = Instant.now();
    // A shared read that started before the final state is served for one time to live at most.
    Thread.sleep(run.cache().ttl().toMillis() + 100);
    counter.mark();
    awaitPhase("final cycle", counter::minimumLoadsSinceMark, 2, counter);
    return finalState;
  }

  private static void assertNoPolicyLost(List<RegistryEncryptionPolicy> policies) {
    assertThat(policies).as("policies in the API server").hasSize(POLICIES);
    List<String> withoutCurrentStatus =
        policies.stream()
            .filter(
                policy ->
                    policy.getStatus() == null
                        || !policy
                            .getMetadata()
                            .getGeneration()
                            .equals(policy.getStatus().getObservedGeneration()))
            .map(policy -> policy.getMetadata().getName())
            .toList();
    assertThat(withoutCurrentStatus).as("policies without a status of their generation").isEmpty();
  }

  /**
   * Checks each policy against the state faults left in the simulator. The Ready condition and the
   * conditions a state fault can turn False must have the expected status and reason. No condition
   * may be Unknown now that the transient faults ended, and the last check must not be older than
   * the final state.
   */
  private static void assertReportsFinalState(
      List<RegistryEncryptionPolicy> policies, SoakFaults faults, Instant finalState) {
    Map<String, RegistryEncryptionPolicy> byName =
        policies.stream()
            .collect(Collectors.toMap(p -> p.getMetadata().getName(), Function.identity()));
    // Status times have whole seconds.
    Instant finalSecond = finalState.truncatedTo(ChronoUnit.SECONDS);
    List<String> mismatches = new ArrayList<>();
    for (int index = 0; index < POLICIES; index++) {
      String name = SoakFleet.policyName(index);
      RegistryEncryptionPolicy policy = byName.get(name);
      Instant lastCheck = Instant.parse(policy.getStatus().getLastCheckTime());
      if (lastCheck.isBefore(finalSecond)) {
        mismatches.add(name + " last checked at " + lastCheck + ", before the final state");
      }
      Map<String, SoakFaults.Expected> expected = faults.expectedFaultConditions(index);
      expected.put(ConditionTypes.READY, faults.expectedReady(index));
      for (Map.Entry<String, SoakFaults.Expected> entry : expected.entrySet()) {
        Condition condition = condition(policy, entry.getKey());
        String actual =
            condition == null ? "missing" : condition.getStatus() + "/" + condition.getReason();
        String expectedCondition = entry.getValue().status() + "/" + entry.getValue().reason();
        if (!actual.equals(expectedCondition)) {
          mismatches.add(
              String.format(
                  "%s %s is %s, expected %s from faults %s",
                  name, entry.getKey(), actual, expectedCondition, faults.stateFaultsOf(index)));
        }
      }
      for (Condition condition : policy.getStatus().getConditions()) {
        if ("Unknown".equals(condition.getStatus())) {
          mismatches.add(
              String.format(
                  "%s %s is Unknown/%s after the transient faults ended: %s",
                  name, condition.getType(), condition.getReason(), condition.getMessage()));
        }
      }
    }
    assertThat(mismatches)
        .as(
            "conditions that disagree with the simulator's final state (%s)",
            faults.describeStateFaults())
        .isEmpty();
  }

  /**
   * Checks that every policy got its checks, that every check ran inside a reconcile and none
   * threw, and that the operator and its runtime logged no warning or error.
   */
  private static void assertRanCleanly(SoakReport report, List<String> problems) {
    assertThat(report.minimumChecks)
        .as("checks of the least-checked policy")
        .isGreaterThanOrEqualTo(report.warmUpChecks + CYCLES);
    assertThat(report.reconcilesStarted)
        .as("reconciles started, against %d checks", report.checks)
        .isGreaterThanOrEqualTo(report.checks);
    assertThat(report.reconcilesFailed).as("reconciles that threw").isZero();
    assertThat(report.unknownChecks).as("checks of registries outside the fleet").isZero();
    assertThat(problems).as("warnings and errors of the operator and its runtime").isEmpty();
  }

  private static Condition condition(RegistryEncryptionPolicy policy, String type) {
    return policy.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  /**
   * Runs a small fleet through two checks and closes it, so that the pools the Azure SDK, Reactor,
   * Netty and the fabric8 client create once per JVM exist before the threads are counted.
   */
  private static void prime() throws InterruptedException {
    try (SoakRun run = SoakRun.start(4, 2)) {
      awaitPhase("priming run", run.counter()::minimumLoads, 2, run.counter());
    }
  }

  /**
   * Waits until {@code progress} reaches {@code target}, printing the check rate now and then.
   *
   * @throws AssertionError when {@code progress} stays the same for {@link #STALL_TIMEOUT}
   */
  private static void awaitPhase(
      String phase, IntSupplier progress, int target, SoakLoadCounter counter)
      throws InterruptedException {
    long started = System.nanoTime();
    long lastProgressAt = started;
    int lastProgress = progress.getAsInt();
    long lastPrint = started;
    long lastCpu = SoakJvm.processCpuNanos();
    long lastChecks = counter.totalLoads();
    while (lastProgress < target) {
      Thread.sleep(250);
      long now = System.nanoTime();
      int current = progress.getAsInt();
      if (current != lastProgress) {
        lastProgress = current;
        lastProgressAt = now;
      } else if (now - lastProgressAt > STALL_TIMEOUT.toNanos()) {
        throw new AssertionError(
            String.format(
                "%s made no progress for %s, stuck at %d of %d: %d checks so far, the"
                    + " least-checked policy had %d",
                phase,
                STALL_TIMEOUT,
                current,
                target,
                counter.totalLoads(),
                counter.minimumLoads()));
      }
      if (now - lastPrint > PROGRESS_PERIOD.toNanos()) {
        long cpu = SoakJvm.processCpuNanos();
        long checks = counter.totalLoads();
        System.out.printf(
            "Soak %s: %d checks, the least-checked policy %d; %.0f checks/s at %.0f%% CPU%n",
            phase,
            checks,
            counter.minimumLoads(),
            (checks - lastChecks) / ((now - lastPrint) / 1e9),
            100.0 * (cpu - lastCpu) / (now - lastPrint));
        lastPrint = now;
        lastCpu = cpu;
        lastChecks = checks;
      }
    }
    System.out.printf("Soak phase %s took %.1f s%n", phase, (System.nanoTime() - started) / 1e9);
  }

  private static boolean isJvmWideThread(String name) {
    return JVM_WIDE_THREADS.stream().anyMatch(name::startsWith);
  }
}
