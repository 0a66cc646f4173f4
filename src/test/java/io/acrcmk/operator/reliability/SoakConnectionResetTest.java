package io.acrcmk.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.azure.AzureRetryOptions;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.ResourceId;
import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.Fault;
import io.acrcmk.operator.sandbox.FaultRule;
import io.acrcmk.operator.sandbox.Operations;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Checks that the simulator's HTTPS server releases each connection it drops for a reset fault. A
 * soak injects thousands of resets, and a server that only closed the exchange kept every such
 * connection, with its TLS engine and buffers, in its connection sets until it stopped.
 */
class SoakConnectionResetTest {

  private static final int RESETS = 60;
  private static final AzureRetryOptions QUICK_RETRIES =
      new AzureRetryOptions(2, Duration.ofMillis(10), Duration.ofMillis(20));

  @Test
  void resetFaultsLeaveNoConnectionBehind() throws Exception {
    try (AzureSimulator azure = AzureSimulator.start()) {
      CmkSetup setup = azure.seedHealthy();
      AzureSnapshotLoader loader = new AzureSnapshotLoader(azure.connection(), QUICK_RETRIES);
      PolicyTarget target = target(setup);
      loader.load(target);
      long before = liveServerConnections();

      FaultRule resets =
          azure
              .faults()
              .inject(
                  FaultRule.forOperation(Operations.REGISTRIES_GET, Fault.connectionReset())
                      .times(RESETS));
      while (!resets.exhausted()) {
        AzureSnapshot snapshot = loader.load(target);
        assertThat(snapshot.registry().isFound()).as("registry read while resets last").isFalse();
      }
      AzureSnapshot afterResets = loader.load(target);

      assertThat(afterResets.registry().isFound()).as("registry read after the resets").isTrue();
      assertThat(liveServerConnections() - before)
          .as("connections the simulator's server still holds after %d resets", RESETS)
          .isLessThan(10);
    }
  }

  private static PolicyTarget target(CmkSetup setup) {
    return new PolicyTarget(
        ResourceId.parse(setup.registryId(), ResourceId.REGISTRY_TYPE),
        ResourceId.parse(setup.vaultId(), ResourceId.VAULT_TYPE),
        setup.keyName(),
        null,
        IdentityType.UserAssigned,
        ResourceId.parse(setup.identityId(), ResourceId.IDENTITY_TYPE));
  }

  /**
   * Returns how many connection objects of the JDK's HTTP server survive a full collection, from
   * the class histogram that {@code jcmd GC.class_histogram} prints. A connection the server has
   * released is garbage, and one still in its connection sets is counted.
   */
  private static long liveServerConnections() throws Exception {
    String histogram =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram",
                    new Object[] {new String[0]},
                    new String[] {String[].class.getName()});
    return histogram
        .lines()
        .filter(line -> line.matches(".*\\ssun\\.net\\.httpserver\\.HttpConnection(\\s.*)?$"))
        .mapToLong(line -> Long.parseLong(line.trim().split("\\s+")[1]))
        .sum();
  }
}
