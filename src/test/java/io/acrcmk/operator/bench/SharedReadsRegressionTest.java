package io.acrcmk.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.azure.AzureRetryOptions;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.azure.SharedReadCache;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.Operations;
import io.acrcmk.operator.sandbox.SimulatorOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs one check cycle of a 1,000-policy fleet over 10 shared vaults and identities, without a
 * request budget, and counts the reads, so that a change that stops sharing fails the build. It
 * asserts counts, never times.
 */
class SharedReadsRegressionTest {

  private static final int POLICIES = 1_000;
  private static final int GROUPS = 10;
  private static final Duration CHECK_INTERVAL = Duration.ofMinutes(5);

  private static AzureSimulator simulator;

  @BeforeAll
  static void startSimulator() {
    simulator =
        AzureSimulator.start(
            SimulatorOptions.defaults().enforceRateLimits(false).requestLogCapacity(100));
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  @Test
  void fleetCycleReadsSharedResourcesOncePerGroup() {
    BenchFleet fleet = BenchFleet.seed(simulator, POLICIES, GROUPS);
    AzureSnapshotLoader loader =
        new AzureSnapshotLoader(
            simulator.connection(),
            AzureRetryOptions.DEFAULT,
            Clock.systemUTC(),
            null,
            new SharedReadCache(SharedReadCache.DEFAULT_TTL));
    simulator.clearRequests();

    // Loads pass the policies' default check interval as the max age, as the reconciler does, so
    // the counts do not depend on how fast this machine runs the cycle.
    FleetCycle.Result cycle =
        FleetCycle.run(target -> loader.load(target, CHECK_INTERVAL), fleet.targets(), 8);

    assertThat(cycle.policies()).isEqualTo(POLICIES);
    assertThat(cycle.failedReads()).isZero();
    assertThat(cycle.healthy()).isEqualTo(POLICIES);
    Map<String, Long> counts = simulator.requestLog().countsByOperation();
    assertThat(counts.get(Operations.REGISTRIES_GET)).isEqualTo(POLICIES);
    assertThat(counts.get(Operations.IDENTITIES_GET)).isEqualTo(GROUPS);
    assertThat(counts.get(Operations.VAULTS_GET)).isEqualTo(GROUPS);
    assertThat(counts.get(Operations.KEYS_GET)).isEqualTo(GROUPS);
    assertThat(counts.get(Operations.KEYS_LIST_VERSIONS)).isEqualTo(GROUPS);
    assertThat(counts.get(Operations.ROLE_ASSIGNMENTS_LIST_FOR_SCOPE)).isEqualTo(GROUPS / 2);
    assertThat(counts.get(Operations.ROLE_DEFINITIONS_GET)).isEqualTo(1);
    long armReads = armReads(counts);
    assertThat(armReads).isEqualTo(fleet.readsWithSharing());
    assertThat((double) armReads / POLICIES).isLessThan(1.05);
  }

  private static long armReads(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .filter(entry -> !entry.getKey().equals(Operations.TOKEN))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
