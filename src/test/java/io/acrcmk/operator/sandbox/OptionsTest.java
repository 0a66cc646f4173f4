package io.acrcmk.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OptionsTest {

  @Test
  void latencyDelaysEveryResponse() {
    try (AzureSimulator simulator =
        AzureSimulator.start(SimulatorOptions.defaults().latency(Duration.ofMillis(300)))) {
      CmkSetup setup = simulator.seedHealthy();
      var registries =
          new SdkClients(simulator, setup.subscriptionId())
              .registries()
              .serviceClient()
              .getRegistries();
      registries.getByResourceGroup(setup.resourceGroup(), setup.registryName());

      long start = System.nanoTime();
      registries.getByResourceGroup(setup.resourceGroup(), setup.registryName());
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

      assertThat(elapsedMillis).isGreaterThanOrEqualTo(300);
    }
  }

  @Test
  void unenforcedFirewallLetsDataPlaneThrough() {
    try (AzureSimulator simulator =
        AzureSimulator.start(SimulatorOptions.defaults().enforceVaultFirewall(false))) {
      CmkSetup setup = simulator.seedHealthy();
      simulator.mutations().setNetworkAcls(setup.vaultId(), "Deny", "None");

      var key =
          new SdkClients(simulator, setup.subscriptionId())
              .keys(setup.vaultUri())
              .getKey(setup.keyName());

      assertThat(key.getProperties().getVersion()).isEqualTo(setup.currentKeyVersion());
    }
  }

  @Test
  void invalidOptionsAreRejected() {
    SimulatorOptions defaults = SimulatorOptions.defaults();

    assertThatThrownBy(() -> defaults.tenantId("not-a-guid"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.latency(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.armReads(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.armWrites(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void firewallRuleCoveringLoopbackAllowsAccess() {
    assertThat(VaultFirewall.allows("127.0.0.1")).isTrue();
    assertThat(VaultFirewall.allows("127.0.0.0/8")).isTrue();
    assertThat(VaultFirewall.allows("10.0.0.0/8")).isFalse();
    assertThat(VaultFirewall.allows("'10.91.4.0/24'")).isFalse();
    assertThat(VaultFirewall.allows("not an address")).isFalse();
  }
}
