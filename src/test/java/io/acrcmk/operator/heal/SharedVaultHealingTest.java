package io.acrcmk.operator.heal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.api.HealAttempt;
import io.acrcmk.operator.api.HealOutcome;
import io.acrcmk.operator.api.HealingMode;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.api.RegistryEncryptionPolicyStatus;
import io.acrcmk.operator.azure.AzureHealer;
import io.acrcmk.operator.azure.AzureRetryOptions;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.azure.SharedReadCache;
import io.acrcmk.operator.check.HealthChecks;
import io.acrcmk.operator.controller.ConditionEvents;
import io.acrcmk.operator.controller.OperatorSettings;
import io.acrcmk.operator.controller.RegistryEncryptionPolicyReconciler;
import io.acrcmk.operator.event.PolicyEventRecorder;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.HealthySetup;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes;
import io.acrcmk.operator.testing.ManualClock;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Repairs a vault that two registries share, with shared reads going through the cache as in the
 * run command. Neither the check after the repair nor the other registry's next check may read the
 * vault as it was before the write.
 */
class SharedVaultHealingTest {

  private static final AzureRetryOptions RETRIES =
      new AzureRetryOptions(2, Duration.ofMillis(10), Duration.ofSeconds(2));

  private static AzureSimulator simulator;
  private static EmbeddedKubernetes kubernetes;
  private static CmkSetup repaired;
  private static CmkSetup neighbour;

  @BeforeAll
  static void start() {
    simulator = AzureSimulator.start();
    kubernetes = EmbeddedKubernetes.start();
    repaired =
        HealthySetup.builder()
            .registryName("acrshared1")
            .vaultName("kv-acr-shared")
            .systemAssignedIdentity()
            .seed(simulator);
    neighbour = secondRegistryOnVault(repaired, "acrshared2");
  }

  @AfterAll
  static void stop() {
    kubernetes.close();
    simulator.close();
  }

  @Test
  void bypassRepairReachesRecheckAndNeighbour() {
    ManualClock clock = new ManualClock(Instant.now());
    RegistryEncryptionPolicyReconciler reconciler = cachedReconciler(clock);
    simulator.mutations().setNetworkAcls(repaired.vaultId(), "Deny", "None");
    RegistryEncryptionPolicy healing =
        TestPolicies.policy(
            repaired, HealingMode.Enabled, List.of(HealAction.EnableTrustedServicesBypass));
    RegistryEncryptionPolicy watching =
        TestPolicies.policy(neighbour, HealingMode.Disabled, List.of());

    RegistryEncryptionPolicyStatus neighbourBefore = reconcile(reconciler, watching);
    RegistryEncryptionPolicyStatus afterRepair = reconcile(reconciler, healing);
    clock.advance(Duration.ofMinutes(1));
    RegistryEncryptionPolicyStatus neighbourAfter = reconcile(reconciler, watching);

    assertThat(vault(neighbourBefore).getReason())
        .isEqualTo(Reason.TrustedServicesBypassDisabled.name());
    List<HealAttempt> attempts = afterRepair.getHealing().getAttempts();
    assertThat(attempts).hasSize(1);
    assertThat(attempts.get(0).getOutcome()).isEqualTo(HealOutcome.Succeeded);
    assertThat(vault(afterRepair).getStatus()).isEqualTo("True");
    assertThat(vault(neighbourAfter).getStatus()).isEqualTo("True");
    assertThat(simulator.requestLog().count("vaults.update")).isEqualTo(1);
    assertThat(simulator.requestLog().count("vaults.get"))
        .as("the neighbour's first check, the healer's own read, and the check after the repair")
        .isEqualTo(3);
  }

  /** Builds the reconciler as the run command wires it: one cache for reads and repairs. */
  private static RegistryEncryptionPolicyReconciler cachedReconciler(ManualClock clock) {
    AzureSnapshotLoader loader =
        new AzureSnapshotLoader(
            simulator.connection(),
            RETRIES,
            clock,
            null,
            new SharedReadCache(SharedReadCache.DEFAULT_TTL));
    PolicyEventRecorder recorder =
        new PolicyEventRecorder(kubernetes.client(), clock, Duration.ofMinutes(10));
    HealthChecks checks = new HealthChecks();
    HealingOptions options = HealingOptions.of(AzureHealer.sharing(loader));
    return new RegistryEncryptionPolicyReconciler(
        loader,
        checks,
        new ConditionEvents(recorder),
        clock,
        OperatorSettings.defaults(),
        new HealStep(loader, checks, options, recorder, clock));
  }

  /** Seeds a registry that encrypts with the key of {@code setup} through its system identity. */
  private static CmkSetup secondRegistryOnVault(CmkSetup setup, String name) {
    ObjectNode registry =
        simulator
            .resources()
            .createCmkRegistry(
                setup.subscriptionId(), setup.resourceGroup(), name, setup.keyIdentifier(), null);
    String principalId = registry.at("/identity/principalId").asText();
    simulator
        .mutations()
        .addAccessPolicy(setup.vaultId(), principalId, List.of("get", "wrapKey", "unwrapKey"));
    return new CmkSetup(
        setup.subscriptionId(),
        setup.resourceGroup(),
        registry.get("id").asText(),
        name,
        setup.vaultId(),
        setup.vaultName(),
        setup.vaultUri(),
        setup.keyName(),
        setup.keyIdentifier(),
        setup.keyVersions(),
        null,
        null,
        principalId,
        "system",
        null);
  }

  /** Runs one reconcile and stores the status it patches, as the API server would. */
  private static RegistryEncryptionPolicyStatus reconcile(
      RegistryEncryptionPolicyReconciler reconciler, RegistryEncryptionPolicy policy) {
    RegistryEncryptionPolicyStatus status =
        reconciler.reconcile(policy, null).getResource().orElseThrow().getStatus();
    policy.setStatus(status);
    return status;
  }

  private static Condition vault(RegistryEncryptionPolicyStatus status) {
    return status.getConditions().stream()
        .filter(condition -> condition.getType().equals(ConditionTypes.KEY_VAULT_ACCESSIBLE))
        .findFirst()
        .orElseThrow();
  }
}
