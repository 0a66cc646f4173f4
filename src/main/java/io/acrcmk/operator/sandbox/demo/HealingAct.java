package io.acrcmk.operator.sandbox.demo;

import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.api.HealAttempt;
import io.acrcmk.operator.api.HealDecision;
import io.acrcmk.operator.api.HealOutcome;
import io.acrcmk.operator.api.HealingMode;
import io.acrcmk.operator.api.HealingSpec;
import io.acrcmk.operator.api.PlannedHeal;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.api.RegistryEncryptionPolicyStatus;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.RecordedRequest;
import io.acrcmk.operator.sandbox.SimulatorState;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The demo's healing act. It switches contosoprodacr and contososysacr to Enabled healing, leaves
 * contosodevacr in DryRun, then detaches the identity from contosoprodacr and contosodevacr and
 * turns off the trusted-services bypass of their shared vault. It expects contosoprodacr to attach
 * its identity again, contososysacr to restore the bypass (contosoprodacr may not, because it
 * encrypts with a user-assigned identity), and contosodevacr to report its plan while no write
 * reaches its registry.
 */
final class HealingAct {

  private static final String NAMESPACE = "platform";
  private static final Set<String> WRITE_METHODS = Set.of("PUT", "PATCH", "POST", "DELETE");

  private final PrintStream out;
  private final Duration timeout;
  private final KubernetesClient client;

  HealingAct(PrintStream out, Duration timeout, KubernetesClient client) {
    this.out = out;
    this.timeout = timeout;
    this.client = client;
  }

  /** Runs the act and returns what was expected but did not happen. */
  List<String> run(AzureSimulator azure, DemoFleet fleet) throws InterruptedException {
    List<String> missed = new ArrayList<>();
    out.printf(
        "%n--- Healing: %s Enabled for ReassignIdentity and EnableTrustedServicesBypass, %s Enabled"
            + " for EnableTrustedServicesBypass, %s stays in DryRun%n",
        DemoFleet.PROD_REGISTRY, DemoFleet.SYSTEM_REGISTRY, DemoFleet.DEV_REGISTRY);
    enable(
        DemoFleet.PROD_REGISTRY,
        HealAction.ReassignIdentity,
        HealAction.EnableTrustedServicesBypass);
    enable(DemoFleet.SYSTEM_REGISTRY, HealAction.EnableTrustedServicesBypass);
    for (String policy : List.of(DemoFleet.PROD_REGISTRY, DemoFleet.SYSTEM_REGISTRY)) {
      if (await(policy, status -> modeIs(status, HealingMode.Enabled)).isEmpty()) {
        missed.add("healing: " + policy + " did not switch to Enabled");
      }
    }

    azure.clearRequests();
    out.printf(
        "    detaching identity %s from %s and %s; turning off the bypass of vault %s%n",
        DemoFleet.IDENTITY,
        DemoFleet.PROD_REGISTRY,
        DemoFleet.DEV_REGISTRY,
        DemoFleet.POLICY_VAULT);
    azure.mutations().detachIdentity(fleet.prodRegistryId, fleet.identityId);
    azure.mutations().detachIdentity(fleet.devRegistryId, fleet.identityId);
    azure.mutations().setNetworkAcls(fleet.policyVaultId, "Deny", "None");

    expectRepair(DemoFleet.PROD_REGISTRY, HealAction.ReassignIdentity, missed);
    expectRepair(DemoFleet.SYSTEM_REGISTRY, HealAction.EnableTrustedServicesBypass, missed);
    expectDryRun(azure, missed);
    expectAzureRepaired(azure, fleet, missed);
    return missed;
  }

  private void expectRepair(String policy, HealAction action, List<String> missed)
      throws InterruptedException {
    Optional<RegistryEncryptionPolicyStatus> status =
        await(
            policy,
            s ->
                attempt(s, action).map(a -> a.getOutcome() == HealOutcome.Succeeded).orElse(false));
    if (status.isEmpty()) {
      out.printf("    NOT REPAIRED: %s by %s within %ds%n", policy, action, timeout.toSeconds());
      missed.add("healing: " + action + " on " + policy);
      return;
    }
    HealAttempt attempt = attempt(status.get(), action).orElseThrow();
    out.printf(
        "    %s: %s found and repaired by %s: %s%n",
        policy, attempt.getReason(), action, attempt.getMessage());
  }

  private void expectDryRun(AzureSimulator azure, List<String> missed) throws InterruptedException {
    Optional<RegistryEncryptionPolicyStatus> status =
        await(
            DemoFleet.DEV_REGISTRY,
            s ->
                planned(s, HealAction.ReassignIdentity)
                    .map(p -> p.getDecision() == HealDecision.WouldRun)
                    .orElse(false));
    if (status.isEmpty()) {
      out.printf("    NO PLAN: %s reported no DryRun plan%n", DemoFleet.DEV_REGISTRY);
      missed.add("healing: DryRun plan of " + DemoFleet.DEV_REGISTRY);
      return;
    }
    PlannedHeal plan = planned(status.get(), HealAction.ReassignIdentity).orElseThrow();
    out.printf(
        "    %s (DryRun): would run %s to %s%n",
        DemoFleet.DEV_REGISTRY, plan.getAction(), plan.getMessage());
    Condition identity = find(status.get(), ConditionTypes.IDENTITY_HEALTHY);
    if (identity == null || !ConditionStatus.False.name().equals(identity.getStatus())) {
      missed.add("healing: " + DemoFleet.DEV_REGISTRY + " IdentityHealthy is not False in DryRun");
    }
    List<RecordedRequest> devWrites =
        azure
            .requestLog()
            .matching(
                request ->
                    WRITE_METHODS.contains(request.method())
                        && request
                            .path()
                            .toLowerCase(Locale.ROOT)
                            .contains("/registries/" + DemoFleet.DEV_REGISTRY));
    if (devWrites.isEmpty()) {
      out.printf("    no write request reached registry %s%n", DemoFleet.DEV_REGISTRY);
    } else {
      out.printf(
          "    WRITE IN DRYRUN: %d request(s) reached registry %s%n",
          devWrites.size(), DemoFleet.DEV_REGISTRY);
      missed.add("healing: DryRun wrote to " + DemoFleet.DEV_REGISTRY);
    }
  }

  /** Checks the simulated Azure state itself, not only what the operator reports. */
  private void expectAzureRepaired(AzureSimulator azure, DemoFleet fleet, List<String> missed) {
    String bypass =
        azure
            .state()
            .require(SimulatorState.Kind.VAULT, fleet.policyVaultId)
            .at("/properties/networkAcls/bypass")
            .asText();
    if (!"AzureServices".equals(bypass)) {
      missed.add("healing: vault " + DemoFleet.POLICY_VAULT + " bypass is " + bypass);
    }
    List<String> attachedIds = new ArrayList<>();
    azure
        .state()
        .require(SimulatorState.Kind.REGISTRY, fleet.prodRegistryId)
        .at("/identity/userAssignedIdentities")
        .fieldNames()
        .forEachRemaining(attachedIds::add);
    boolean attached = attachedIds.stream().anyMatch(fleet.identityId::equalsIgnoreCase);
    if (!attached) {
      missed.add("healing: identity not attached to " + DemoFleet.PROD_REGISTRY + " in Azure");
    }
  }

  private void enable(String policy, HealAction... actions) {
    client
        .resources(RegistryEncryptionPolicy.class)
        .inNamespace(NAMESPACE)
        .withName(policy)
        .edit(
            current -> {
              HealingSpec healing = new HealingSpec();
              healing.setMode(HealingMode.Enabled);
              healing.setActions(List.of(actions));
              current.getSpec().setHealing(healing);
              return current;
            });
  }

  private Optional<RegistryEncryptionPolicyStatus> await(
      String policy, Function<RegistryEncryptionPolicyStatus, Boolean> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      RegistryEncryptionPolicy current =
          client
              .resources(RegistryEncryptionPolicy.class)
              .inNamespace(NAMESPACE)
              .withName(policy)
              .get();
      if (current != null && current.getStatus() != null && condition.apply(current.getStatus())) {
        return Optional.of(current.getStatus());
      }
      Thread.sleep(100);
    }
    return Optional.empty();
  }

  private static boolean modeIs(RegistryEncryptionPolicyStatus status, HealingMode mode) {
    return status.getHealing() != null && status.getHealing().getMode() == mode;
  }

  private static Optional<HealAttempt> attempt(
      RegistryEncryptionPolicyStatus status, HealAction action) {
    if (status.getHealing() == null) {
      return Optional.empty();
    }
    return status.getHealing().getAttempts().stream()
        .filter(attempt -> attempt.getAction() == action)
        .findFirst();
  }

  private static Optional<PlannedHeal> planned(
      RegistryEncryptionPolicyStatus status, HealAction action) {
    if (status.getHealing() == null) {
      return Optional.empty();
    }
    return status.getHealing().getPlan().stream()
        .filter(entry -> entry.getAction() == action)
        .findFirst();
  }

  private static Condition find(RegistryEncryptionPolicyStatus status, String type) {
    return PolicyTable.find(status.getConditions(), type);
  }
}
