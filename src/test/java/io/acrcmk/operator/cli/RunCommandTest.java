package io.acrcmk.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.azure.AzureHealer;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.azure.AzureWriteResult;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.ResourceId;
import io.acrcmk.operator.azure.SubscriptionBudgets;
import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.HealthySetup;
import io.acrcmk.operator.sandbox.StateCheckpoint;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks how the run command reads Azure, against the simulator: through a cache of shared reads
 * that its healer invalidates. The rest of the command needs a Kubernetes cluster.
 */
class RunCommandTest {

  /** The default check interval, which a check passes as the max age of shared reads. */
  private static final Duration INTERVAL = Duration.ofMinutes(5);

  private static AzureSimulator simulator;
  private static CmkSetup setup;
  private static StateCheckpoint seeded;

  @BeforeAll
  static void start() {
    simulator = AzureSimulator.start();
    setup = HealthySetup.builder().systemAssignedIdentity().seed(simulator);
    seeded = simulator.checkpoint();
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  @BeforeEach
  void reset() {
    simulator.restore(seeded);
    simulator.clearRequests();
  }

  @Test
  void loaderSharesVaultReadsBetweenChecks() {
    AzureSnapshotLoader loader =
        RunCommand.snapshotLoader(simulator.connection(), SubscriptionBudgets.armReadLimits());

    loader.load(target(), INTERVAL);
    loader.load(target(), INTERVAL);
    loader.load(target());

    assertThat(simulator.requestLog().count("registries.get")).isEqualTo(3);
    assertThat(simulator.requestLog().count("vaults.get")).isEqualTo(1);
    assertThat(simulator.requestLog().count("keys.get")).isEqualTo(1);
  }

  @Test
  void repairThroughLoaderIsReadAgain() {
    AzureSnapshotLoader loader =
        RunCommand.snapshotLoader(simulator.connection(), SubscriptionBudgets.armReadLimits());
    simulator.mutations().setNetworkAcls(setup.vaultId(), "Deny", "None");
    assertThat(bypass(loader.load(target(), INTERVAL))).isEqualTo("None");

    AzureWriteResult result = AzureHealer.sharing(loader).enableTrustedServicesBypass(vault());

    assertThat(result.outcome()).isEqualTo(AzureWriteResult.Outcome.APPLIED);
    assertThat(bypass(loader.load(target(), INTERVAL))).isEqualTo("AzureServices");
  }

  private static PolicyTarget target() {
    return new PolicyTarget(
        ResourceId.parse(setup.registryId(), ResourceId.REGISTRY_TYPE),
        vault(),
        setup.keyName(),
        null,
        IdentityType.SystemAssigned,
        null);
  }

  private static ResourceId vault() {
    return ResourceId.parse(setup.vaultId(), ResourceId.VAULT_TYPE);
  }

  private static String bypass(AzureSnapshot snapshot) {
    return snapshot.vault().valueOrNull().networkAcls().bypass();
  }
}
