package io.acrcmk.operator.sandbox;

import static io.acrcmk.operator.sandbox.SimulatorState.Kind.DELETED_VAULT;
import static io.acrcmk.operator.sandbox.SimulatorState.Kind.IDENTITY;
import static io.acrcmk.operator.sandbox.SimulatorState.Kind.REGISTRY;
import static io.acrcmk.operator.sandbox.SimulatorState.Kind.VAULT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CheckpointTest {

  private static AzureSimulator simulator;
  private static CmkSetup setup;

  @BeforeAll
  static void start() {
    simulator = AzureSimulator.start();
    setup = simulator.seedHealthy();
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  @Test
  void restoreUndoesEveryFaultAndStaysReusable() {
    SimulatorState state = simulator.state();
    ObjectNode registryBefore = state.require(REGISTRY, setup.registryId());
    ObjectNode vaultBefore = state.require(VAULT, setup.vaultId());
    ObjectNode keyBefore = state.key(setup.vaultName(), setup.keyName()).orElseThrow();
    StateCheckpoint healthy = simulator.checkpoint();

    for (int round = 0; round < 2; round++) {
      Mutations mutations = simulator.mutations();
      mutations.detachIdentity(setup.registryId(), setup.identityId());
      mutations.deleteIdentity(setup.identityId());
      mutations.keys().disableVersion(setup.vaultName(), setup.keyName(), null);
      mutations.keys().softDelete(setup.vaultName(), setup.keyName());
      mutations.deleteVault(setup.vaultId());
      assertThat(state.get(VAULT, setup.vaultId())).isEmpty();
      assertThat(state.list(DELETED_VAULT)).hasSize(1);

      simulator.restore(healthy);

      assertThat(state.require(REGISTRY, setup.registryId())).isEqualTo(registryBefore);
      assertThat(state.require(VAULT, setup.vaultId())).isEqualTo(vaultBefore);
      assertThat(state.key(setup.vaultName(), setup.keyName())).contains(keyBefore);
      assertThat(state.deletedKey(setup.vaultName(), setup.keyName())).isEmpty();
      assertThat(state.list(DELETED_VAULT)).isEmpty();
      assertThat(state.get(IDENTITY, setup.identityId())).isPresent();
    }
  }

  @Test
  void readsReturnCopiesThatDoNotChangeState() {
    ObjectNode copy = simulator.state().require(REGISTRY, setup.registryId());
    copy.put("location", "mars");

    assertThat(simulator.state().require(REGISTRY, setup.registryId()).get("location").asText())
        .isEqualTo("westus");
  }
}
