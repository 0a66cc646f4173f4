package io.acrcmk.operator.controller;

import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.azure.SnapshotSource;
import io.acrcmk.operator.check.HealthChecks;
import io.acrcmk.operator.event.PolicyEventRecorder;
import io.acrcmk.operator.heal.HealStep;
import io.acrcmk.operator.heal.HealingOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the reconciler into a java-operator-sdk {@link Operator}. The run command, the demo and the
 * tests all build the operator here, so they patch status the same way.
 */
public final class PolicyOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyOperator.class);

  private final Operator operator;

  private PolicyOperator(Operator operator) {
    this.operator = operator;
  }

  /**
   * Builds an operator that is not yet started and only observes: it never plans or makes a repair,
   * whatever spec.healing requests.
   *
   * @param client the Kubernetes client; not closed by {@link #close()}
   * @param azure where Azure snapshots come from
   * @param settings process-wide settings
   * @param leaderElection the Lease to hold, or null to run without leader election
   * @param clock the clock for status times
   */
  public static PolicyOperator create(
      KubernetesClient client,
      SnapshotSource azure,
      OperatorSettings settings,
      LeaderElectionSettings leaderElection,
      Clock clock) {
    return create(client, azure, HealingOptions.observeOnly(), settings, leaderElection, clock);
  }

  /**
   * Builds an operator that is not yet started and repairs what its policies allow.
   *
   * <p>With leader election on, JOSDK reconciles only on the instance that holds the Lease, and
   * repairs are made only inside a reconcile, so a standby replica never writes to Azure.
   *
   * @param client the Kubernetes client; not closed by {@link #close()}
   * @param azure where Azure snapshots come from; it must read Azure afresh on every call, because
   *     the state after a repair is read through it
   * @param healing the Azure writes, cooldown and attempt listener of repairs
   * @param settings process-wide settings
   * @param leaderElection the Lease to hold, or null to run without leader election
   * @param clock the clock for status times
   */
  public static PolicyOperator create(
      KubernetesClient client,
      SnapshotSource azure,
      HealingOptions healing,
      OperatorSettings settings,
      LeaderElectionSettings leaderElection,
      Clock clock) {
    Operator operator =
        new Operator(overrider -> configure(overrider, client, settings, leaderElection));
    PolicyEventRecorder recorder =
        new PolicyEventRecorder(client, clock, settings.eventDedupeWindow());
    HealthChecks checks = new HealthChecks();
    RegistryEncryptionPolicyReconciler reconciler =
        new RegistryEncryptionPolicyReconciler(
            azure,
            checks,
            new ConditionEvents(recorder),
            clock,
            settings,
            new HealStep(azure, checks, healing, recorder, clock));
    operator.register(reconciler, controller -> select(controller, settings));
    return new PolicyOperator(operator);
  }

  private static void configure(
      ConfigurationServiceOverrider overrider,
      KubernetesClient client,
      OperatorSettings settings,
      LeaderElectionSettings leaderElection) {
    overrider
        .withKubernetesClient(client)
        .withCloseClientOnStop(false)
        .withConcurrentReconciliationThreads(settings.maxConcurrentReconciles())
        // Status is written with a JSON merge patch of a status-only object. Server-side apply
        // would be the JOSDK default, but the operator owns the whole status, so a merge patch
        // is equivalent and is also what the mock API server in the tests supports.
        .withUseSSAToPatchPrimaryResource(false)
        .withSSABasedCreateUpdateMatchForDependentResources(false);
    if (leaderElection != null) {
      overrider.withLeaderElectionConfiguration(
          LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                  leaderElection.leaseName())
              .withLeaseNamespace(leaderElection.leaseNamespace())
              .withIdentity(leaderElection.identity())
              .withExitOnStopLeading(leaderElection.exitOnStopLeading())
              .build());
    }
  }

  private static void select(
      ControllerConfigurationOverrider<RegistryEncryptionPolicy> controller,
      OperatorSettings settings) {
    if (settings.namespaces().isEmpty()) {
      controller.watchingAllNamespaces();
    } else {
      controller.settingNamespaces(settings.namespaces());
    }
    if (settings.labelSelector() != null && !settings.labelSelector().isBlank()) {
      controller.withLabelSelector(settings.labelSelector());
    }
  }

  /** Starts the informers and the reconcile loop; returns once the caches are synced. */
  public void start() {
    operator.start();
    LOG.info("Operator started");
  }

  /** Returns the underlying operator, for health probes. */
  public Operator operator() {
    return operator;
  }

  /** Stops reconciling; the Kubernetes client stays open. */
  @Override
  public void close() {
    operator.stop();
    LOG.info("Operator stopped");
  }
}
