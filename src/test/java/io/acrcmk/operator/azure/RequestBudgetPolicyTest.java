package io.acrcmk.operator.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import io.acrcmk.operator.bench.BenchFleet;
import io.acrcmk.operator.bench.FleetCycle;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.Fault;
import io.acrcmk.operator.sandbox.FaultRule;
import io.acrcmk.operator.sandbox.Operations;
import io.acrcmk.operator.sandbox.RecordedRequest;
import io.acrcmk.operator.sandbox.SimulatorOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs fleets through a loader with a small ARM read budget against the simulator, which enforces
 * ARM's token buckets, and checks what arrived. No more reads arrive than the budget allows, none
 * gets a 429, every load finishes, and a 429 holds back the reads of other policies too.
 */
class RequestBudgetPolicyTest {

  private static final int BURST = 20;
  private static final double RATE = 50;
  private static final int THREADS = 20;

  /** Requests by which arrivals may exceed the budget's count in a window through jitter. */
  private static final int JITTER = 5;

  private AzureSimulator simulator;

  @AfterEach
  void stopSimulator() {
    if (simulator != null) {
      simulator.close();
    }
  }

  @Test
  void twoHundredPoliciesStayWithinBudget() {
    // The simulated ARM bucket has a few more tokens than the budget, so that the jitter between
    // the budget granting a slot and the request arriving cannot cause a 429.
    simulator =
        AzureSimulator.start(
            SimulatorOptions.defaults().armReads(BURST + JITTER, RATE).enforceRateLimits(true));
    BenchFleet fleet = BenchFleet.seed(simulator, 200, 1);
    SubscriptionBudgets budgets = new SubscriptionBudgets(BURST, RATE, Duration.ofSeconds(10));
    AzureSnapshotLoader loader = loader(budgets, new SharedReadCache(Duration.ofMinutes(5)));
    simulator.clearRequests();

    FleetCycle.Result cycle =
        FleetCycle.run(
            target -> loader.load(target, Duration.ofMinutes(5)), fleet.targets(), THREADS);

    List<RecordedRequest> reads = armReads();
    assertThat(reads).noneMatch(request -> request.status() == 429);
    assertThat(reads).hasSize((int) fleet.readsWithSharing());
    assertThat(budgets.throttledResponses()).isZero();
    List<Long> times = reads.stream().map(request -> nanos(request.time())).sorted().toList();
    // The log stamps a request when it has been served, so thread scheduling on the simulator
    // side can bunch a few stamps closer together than the budget sent them.
    for (double window : new double[] {0.05, 0.1, 0.25, 0.5, 1, 2}) {
      assertThat(RateWindows.maxInWindow(times, (long) (window * 1e9)))
          .as("ARM reads within %s s", window)
          .isLessThanOrEqualTo((long) Math.floor(BURST + RATE * window) + JITTER);
    }
    assertThat(cycle.policies()).isEqualTo(200);
    assertThat(cycle.failedReads()).isZero();
    assertThat(cycle.healthy()).isEqualTo(200);
    // Each thread has at most one read in the queue, so a fair queue sends any read within
    // THREADS / RATE seconds, and a load makes at most five reads.
    Duration fairBound = Duration.ofMillis((long) (5 * THREADS / RATE * 1000));
    assertThat(cycle.maxLoad()).isLessThan(fairBound.plusSeconds(1));
  }

  @Test
  void throttledReadHoldsBackOtherPolicies() {
    simulator = AzureSimulator.start(SimulatorOptions.defaults().enforceRateLimits(false));
    BenchFleet fleet = BenchFleet.seed(simulator, 60, 1);
    SubscriptionBudgets budgets = new SubscriptionBudgets(5, RATE, Duration.ofSeconds(10));
    AzureSnapshotLoader loader = loader(budgets, new SharedReadCache(Duration.ofMinutes(1)));
    String throttledRegistry = fleet.targets().get(20).registry().toString();
    simulator
        .faults()
        .inject(
            FaultRule.forRequest("GET", throttledRegistry, throttling(Duration.ofSeconds(1)))
                .times(1));
    simulator.clearRequests();

    FleetCycle.Result cycle = FleetCycle.run(loader, fleet.targets(), 8);

    assertThat(cycle.failedReads()).isZero();
    assertThat(budgets.throttledResponses()).isEqualTo(1);
    List<RecordedRequest> reads = armReads();
    Instant throttledAt =
        reads.stream().filter(r -> r.status() == 429).findFirst().orElseThrow().time();
    // Reads already on the wire when the 429 arrived may land just after it, but none may start
    // in the second ARM asked for.
    assertThat(reads)
        .filteredOn(r -> r.time().isAfter(throttledAt.plusMillis(150)))
        .allSatisfy(r -> assertThat(r.time()).isAfter(throttledAt.plusMillis(900)));
    assertThat(reads).filteredOn(r -> r.time().isAfter(throttledAt.plusMillis(900))).isNotEmpty();
  }

  @Test
  void slotTooFarAwayFailsAsThrottled() {
    simulator = AzureSimulator.start(SimulatorOptions.defaults().enforceRateLimits(false));
    CmkSetup setup = simulator.seedHealthy();
    SubscriptionBudgets budgets = new SubscriptionBudgets(1, 0.01, Duration.ofMillis(100));
    AzureSnapshotLoader loader = loader(budgets, null);
    simulator.clearRequests();

    AzureSnapshot snapshot = loader.load(LoaderFixture.target(setup));

    assertThat(snapshot.registry().isFound()).isTrue();
    ReadFailure failure = snapshot.identity().failureOrNull();
    assertThat(failure.kind()).isEqualTo(ReadFailure.Kind.THROTTLED);
    assertThat(failure.operation()).isEqualTo(Operations.IDENTITIES_GET);
    assertThat(failure.httpStatus()).isZero();
    assertThat(failure.message()).contains("read budget", setup.subscriptionId());
    assertThat(failure.retryAfter()).isGreaterThan(Duration.ofSeconds(90));
    assertThat(snapshot.vault().failureOrNull().kind()).isEqualTo(ReadFailure.Kind.THROTTLED);
    assertThat(armReads()).extracting(RecordedRequest::operation).containsExactly("registries.get");
    assertThat(budgets.rejectedRequests()).isEqualTo(2);
  }

  @Test
  void remainingReadsHeaderIsKeptPerSubscription() {
    // A refill this slow keeps the simulated count exact, so it drops by one per read.
    simulator =
        AzureSimulator.start(
            SimulatorOptions.defaults().armReads(100, 0.0001).enforceRateLimits(true));
    CmkSetup setup = simulator.seedHealthy();
    SubscriptionBudgets budgets = SubscriptionBudgets.armReadLimits();
    AzureSnapshotLoader loader = loader(budgets, null);
    assertThat(budgets.remainingReads(setup.subscriptionId())).isEmpty();
    simulator.clearRequests();

    loader.load(LoaderFixture.target(setup));

    int reads = armReads().size();
    assertThat(reads).isEqualTo(BenchFleet.READS_PER_POLICY);
    assertThat(budgets.remainingReads(setup.subscriptionId().toUpperCase())).hasValue(100 - reads);
    assertThat(budgets.remainingReads()).containsOnlyKeys(setup.subscriptionId().toLowerCase());
  }

  @Test
  void scopeIsSubscriptionOfPathOrTenant() {
    assertThat(
            RequestBudgetPolicy.scopeOf(
                "/subscriptions/9B1F3C5E-2d4a-4e6b-8c7d-0a1b2c3d4e5f/resourceGroups/rg"))
        .isEqualTo("9B1F3C5E-2d4a-4e6b-8c7d-0a1b2c3d4e5f");
    assertThat(
            RequestBudgetPolicy.scopeOf(
                "/providers/Microsoft.Authorization/roleDefinitions/e147488a"))
        .isEqualTo(SubscriptionBudgets.TENANT_SCOPE);
    assertThat(RequestBudgetPolicy.scopeOf("")).isEqualTo(SubscriptionBudgets.TENANT_SCOPE);
    assertThat(RequestBudgetPolicy.scopeOf(null)).isEqualTo(SubscriptionBudgets.TENANT_SCOPE);
  }

  private AzureSnapshotLoader loader(SubscriptionBudgets budgets, SharedReadCache cache) {
    return new AzureSnapshotLoader(
        simulator.connection(Duration.ofSeconds(5)),
        LoaderFixture.FAST_RETRIES,
        Clock.systemUTC(),
        budgets,
        cache);
  }

  private List<RecordedRequest> armReads() {
    return simulator
        .requestLog()
        .matching(
            request ->
                request.method().equals("GET")
                    && !request.operation().equals(Operations.TOKEN)
                    && request.host().equals("127.0.0.1"));
  }

  private static Fault.ErrorStatus throttling(Duration retryAfter) {
    return new Fault.ErrorStatus(
        429,
        "SubscriptionRequestsThrottled",
        "Number of 'read' requests for subscription exceeded.",
        null,
        retryAfter);
  }

  private static long nanos(Instant time) {
    return time.getEpochSecond() * 1_000_000_000L + time.getNano();
  }
}
