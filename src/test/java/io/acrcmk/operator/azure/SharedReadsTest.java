package io.acrcmk.operator.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import io.acrcmk.operator.bench.BenchFleet;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.Fault;
import io.acrcmk.operator.sandbox.FaultRule;
import io.acrcmk.operator.sandbox.Operations;
import io.acrcmk.operator.sandbox.SimulatorOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Loads fleets whose registries share one vault, key and identity through the simulator and counts
 * the requests it served. Shared resources are read once per time to live, concurrent loads share a
 * read in flight, and a failed read is not kept.
 */
class SharedReadsTest {

  private static final Duration TTL = Duration.ofSeconds(30);

  private final AtomicLong now = new AtomicLong();
  private final SharedReadCache cache = new SharedReadCache(TTL, now::get);
  private AzureSimulator simulator;

  @AfterEach
  void stopSimulator() {
    if (simulator != null) {
      simulator.close();
    }
  }

  @Test
  void hundredPoliciesShareOneReadPerTtl() {
    simulator = AzureSimulator.start(SimulatorOptions.defaults().enforceRateLimits(false));
    BenchFleet fleet = BenchFleet.seed(simulator, 100, 1);
    AzureSnapshotLoader loader = loader(cache);
    simulator.clearRequests();

    fleet.targets().forEach(loader::load);

    assertReadCounts(100, 1);
    now.addAndGet(TTL.toNanos() - 1);
    fleet.targets().forEach(loader::load);
    assertReadCounts(200, 1);
    now.addAndGet(1);
    loader.load(fleet.targets().get(0));
    assertReadCounts(201, 2);
  }

  @Test
  void checkIntervalAsMaxAgeSharesLonger() {
    simulator = AzureSimulator.start(SimulatorOptions.defaults().enforceRateLimits(false));
    BenchFleet fleet = BenchFleet.seed(simulator, 3, 1);
    SharedReadCache longLived = new SharedReadCache(Duration.ofMinutes(5), now::get);
    AzureSnapshotLoader loader = loader(longLived);
    Duration checkInterval = Duration.ofMinutes(5);
    loader.load(fleet.targets().get(0), checkInterval);
    simulator.clearRequests();
    now.addAndGet(Duration.ofMinutes(1).toNanos());

    loader.load(fleet.targets().get(1), checkInterval);
    assertReadCounts(1, 0);
    loader.load(fleet.targets().get(2));
    assertReadCounts(2, 1);
  }

  @Test
  void loaderWithoutCacheReadsPerPolicy() {
    simulator = AzureSimulator.start(SimulatorOptions.defaults().enforceRateLimits(false));
    BenchFleet fleet = BenchFleet.seed(simulator, 3, 1);
    AzureSnapshotLoader loader = loader(null);
    simulator.clearRequests();

    fleet.targets().forEach(loader::load);

    assertReadCounts(3, 3);
  }

  @Test
  void concurrentLoadsCoalesceIntoOneRead() throws Exception {
    simulator =
        AzureSimulator.start(
            SimulatorOptions.defaults().enforceRateLimits(false).latency(Duration.ofMillis(200)));
    int threads = 20;
    BenchFleet fleet = BenchFleet.seed(simulator, threads, 1);
    AzureSnapshotLoader loader = loader(cache);
    simulator.clearRequests();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<AzureSnapshot>> loads = new ArrayList<>();
    try {
      for (var target : fleet.targets()) {
        loads.add(
            pool.submit(
                () -> {
                  start.await();
                  return loader.load(target);
                }));
      }
      start.countDown();
      for (Future<AzureSnapshot> load : loads) {
        assertThat(load.get(30, TimeUnit.SECONDS).vault().isFound()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }

    assertReadCounts(threads, 1);
    assertThat(cache.stats().coalesced()).isGreaterThanOrEqualTo(threads - 1);
  }

  @Test
  void failedSharedReadIsRetriedByNextLoad() {
    simulator = AzureSimulator.start(SimulatorOptions.defaults().enforceRateLimits(false));
    BenchFleet fleet = BenchFleet.seed(simulator, 2, 1);
    AzureSnapshotLoader loader = loader(cache);
    int attempts = LoaderFixture.FAST_RETRIES.maxRetries() + 1;
    simulator
        .faults()
        .inject(
            FaultRule.forOperation(
                    Operations.VAULTS_GET,
                    new Fault.ErrorStatus(
                        503, "ServiceUnavailable", "The service is unavailable.", null, null))
                .times(attempts));
    simulator.clearRequests();

    AzureSnapshot failed = loader.load(fleet.targets().get(0));
    AzureSnapshot next = loader.load(fleet.targets().get(1));

    assertThat(failed.vault().failureOrNull().kind()).isEqualTo(ReadFailure.Kind.UNAVAILABLE);
    assertThat(next.vault().isFound()).isTrue();
    assertThat(simulator.requestLog().count(Operations.VAULTS_GET)).isEqualTo(attempts + 1);
  }

  @Test
  void missingVaultAndItsDeletedEntryAreShared() {
    simulator = AzureSimulator.start(SimulatorOptions.defaults().enforceRateLimits(false));
    BenchFleet fleet = BenchFleet.seed(simulator, 10, 1);
    simulator.mutations().deleteVault(fleet.targets().get(0).vault().toString());
    AzureSnapshotLoader loader = loader(cache);
    simulator.clearRequests();

    List<AzureSnapshot> snapshots = fleet.targets().stream().map(loader::load).toList();

    assertThat(snapshots).allSatisfy(s -> assertThat(s.vault().isNotFound()).isTrue());
    assertThat(snapshots).allSatisfy(s -> assertThat(s.deletedVault().isFound()).isTrue());
    assertThat(simulator.requestLog().count(Operations.VAULTS_GET)).isEqualTo(1);
    assertThat(simulator.requestLog().count(Operations.VAULTS_LIST_DELETED)).isEqualTo(1);
    assertThat(simulator.requestLog().count(Operations.REGISTRIES_GET)).isEqualTo(10);
  }

  @Test
  void roleReadsOfRbacVaultAreShared() {
    simulator = AzureSimulator.start(SimulatorOptions.defaults().enforceRateLimits(false));
    // Group 1 of a fleet uses an RBAC vault, so every second policy reads role assignments.
    BenchFleet fleet = BenchFleet.seed(simulator, 20, 2);
    AzureSnapshotLoader loader = loader(cache);
    simulator.clearRequests();

    List<AzureSnapshot> snapshots = fleet.targets().stream().map(loader::load).toList();

    assertThat(snapshots.get(1).roleAssignments().valueOrNull()).hasSize(1);
    assertThat(snapshots.get(1).roleDefinitions()).hasSize(1);
    assertThat(simulator.requestLog().count(Operations.ROLE_ASSIGNMENTS_LIST_FOR_SCOPE))
        .isEqualTo(1);
    assertThat(simulator.requestLog().count(Operations.ROLE_DEFINITIONS_GET)).isEqualTo(1);
  }

  private AzureSnapshotLoader loader(SharedReadCache sharedReads) {
    return new AzureSnapshotLoader(
        simulator.connection(Duration.ofSeconds(5)),
        LoaderFixture.FAST_RETRIES,
        Clock.systemUTC(),
        null,
        sharedReads);
  }

  private void assertReadCounts(long registryReads, long sharedReads) {
    assertThat(simulator.requestLog().count(Operations.REGISTRIES_GET))
        .as("registry reads")
        .isEqualTo(registryReads);
    assertThat(simulator.requestLog().count(Operations.IDENTITIES_GET))
        .as("identity reads")
        .isEqualTo(sharedReads);
    assertThat(simulator.requestLog().count(Operations.VAULTS_GET))
        .as("vault reads")
        .isEqualTo(sharedReads);
    assertThat(simulator.requestLog().count(Operations.KEYS_GET))
        .as("key reads")
        .isEqualTo(sharedReads);
    assertThat(simulator.requestLog().count(Operations.KEYS_LIST_VERSIONS))
        .as("key version list reads")
        .isEqualTo(sharedReads);
  }
}
