package io.acrcmk.operator.controller;

import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.azure.SnapshotSource;
import io.acrcmk.operator.check.HealthChecks;
import io.acrcmk.operator.event.PolicyEventRecorder;
import io.acrcmk.operator.heal.HealStep;
import io.acrcmk.operator.heal.HealingOptions;
import io.acrcmk.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.Controller;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the reconciler into a java-operator-sdk {@link Operator}. The run command, the demo and the
 * tests all build the operator here, so they patch status the same way.
 */
public final class PolicyOperator implements AutoCloseable {

  /**
   * How long {@link #close()} waits for checks in flight to finish. java-operator-sdk's default of
   * zero interrupts them at once, and the Azure reads of an interrupted check fail, so it would
   * write Unknown conditions. A check without Azure faults takes well under a second, and 10 s
   * stays within Kubernetes' default termination grace period of 30 s.
   */
  static final Duration RECONCILE_TERMINATION_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(PolicyOperator.class);

  private final Operator operator;
  private final RegisteredController<RegistryEncryptionPolicy> controller;
  private final AtomicBoolean leading;

  private PolicyOperator(
      Operator operator,
      RegisteredController<RegistryEncryptionPolicy> controller,
      AtomicBoolean leading) {
    this.operator = operator;
    this.controller = controller;
    this.leading = leading;
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
    return create(
        client, azure, HealingOptions.observeOnly(), settings, leaderElection, clock, null);
  }

  /**
   * Builds an operator that is not yet started and repairs what its policies allow.
   *
   * <p>With leader election on, JOSDK reconciles only on the instance that holds the Lease, and
   * repairs are made only inside a reconcile, so a standby replica never writes to Azure.
   *
   * @param healing the Azure writes, cooldown and attempt listener of repairs
   */
  public static PolicyOperator create(
      KubernetesClient client,
      SnapshotSource azure,
      HealingOptions healing,
      OperatorSettings settings,
      LeaderElectionSettings leaderElection,
      Clock clock) {
    return create(client, azure, healing, settings, leaderElection, clock, null);
  }

  /** Builds an operator that is not yet started, never repairs, and reports to {@code metrics}. */
  public static PolicyOperator create(
      KubernetesClient client,
      SnapshotSource azure,
      OperatorSettings settings,
      LeaderElectionSettings leaderElection,
      Clock clock,
      OperatorMetrics metrics) {
    return create(
        client, azure, HealingOptions.observeOnly(), settings, leaderElection, clock, metrics);
  }

  /**
   * Builds an operator that is not yet started, repairs what its policies allow, and reports to
   * {@code metrics}: controller meters, check durations and the per-policy series from this
   * operator's informer cache.
   *
   * @param client the Kubernetes client; not closed by {@link #close()}
   * @param azure where Azure snapshots come from. The state after a repair is read through it, so a
   *     cache of shared reads in it must be the one the healer invalidates, as with {@link
   *     io.acrcmk.operator.azure.AzureHealer#sharing}
   * @param healing the Azure writes, cooldown and attempt listener of repairs
   * @param settings process-wide settings
   * @param leaderElection the Lease to hold, or null to run without leader election
   * @param clock the clock for status times
   * @param metrics where metrics go, or null for none
   */
  public static PolicyOperator create(
      KubernetesClient client,
      SnapshotSource azure,
      HealingOptions healing,
      OperatorSettings settings,
      LeaderElectionSettings leaderElection,
      Clock clock,
      OperatorMetrics metrics) {
    // Without leader election this replica checks policies from the start.
    AtomicBoolean leading = new AtomicBoolean(leaderElection == null);
    Operator operator =
        new Operator(
            overrider -> {
              configure(overrider, client, settings, leaderElection, leading);
              if (metrics != null) {
                overrider.withMetrics(metrics.controllerMetrics());
              }
            });
    PolicyEventRecorder recorder =
        new PolicyEventRecorder(client, clock, settings.eventDedupeWindow());
    HealthChecks checks = new HealthChecks();
    SnapshotSource source = metrics == null ? azure : metrics.timed(azure);
    RegistryEncryptionPolicyReconciler reconciler =
        new RegistryEncryptionPolicyReconciler(
            source,
            checks,
            new ConditionEvents(recorder),
            clock,
            settings,
            new HealStep(source, checks, healing, recorder, clock));
    RegisteredController<RegistryEncryptionPolicy> controller =
        operator.register(reconciler, overrider -> select(overrider, settings));
    PolicyOperator policyOperator = new PolicyOperator(operator, controller, leading);
    if (metrics != null) {
      metrics.exportPolicies(
          policyOperator::cachedPolicies,
          policyOperator::isLeader,
          settings.checkIntervalOverride());
    }
    return policyOperator;
  }

  private static void configure(
      ConfigurationServiceOverrider overrider,
      KubernetesClient client,
      OperatorSettings settings,
      LeaderElectionSettings leaderElection,
      AtomicBoolean leading) {
    overrider
        .withKubernetesClient(client)
        .withCloseClientOnStop(false)
        .withConcurrentReconciliationThreads(settings.maxConcurrentReconciles())
        .withReconciliationTerminationTimeout(RECONCILE_TERMINATION_TIMEOUT)
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
              .withLeaseDuration(leaderElection.leaseDuration())
              .withRenewDeadline(leaderElection.renewDeadline())
              .withRetryPeriod(leaderElection.retryPeriod())
              .withLeaderCallbacks(
                  new LeaderCallbacks(
                      () -> leading.set(true), () -> leading.set(false), leader -> {}))
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

  /**
   * Returns whether this replica checks policies: it holds the Lease, or runs without leader
   * election.
   */
  public boolean isLeader() {
    return leading.get();
  }

  /**
   * Returns the policies in the controller's informer cache: empty before {@link #start()}. Every
   * replica fills its cache, including one waiting for the Lease.
   */
  @SuppressWarnings("unchecked")
  public Stream<RegistryEncryptionPolicy> cachedPolicies() {
    // JOSDK registers controllers as Controller instances; its public API has no other way to
    // reach the primary cache outside a reconcile. The cache exists only while started.
    if (operator.getRuntimeInfo().isStarted() && controller instanceof Controller<?> registered) {
      return ((Controller<RegistryEncryptionPolicy>) registered)
          .getEventSourceManager()
          .getControllerEventSource()
          .list(policy -> true);
    }
    return Stream.empty();
  }

  /**
   * Returns why the operator is not ready, or empty once it has started and its informers are
   * healthy. A replica waiting for the Lease is ready: it can take over at once.
   */
  public Optional<String> notReadyReason() {
    RuntimeInfo runtime = operator.getRuntimeInfo();
    if (!runtime.isStarted()) {
      return Optional.of("the operator has not started, or its informers have not synced");
    }
    if (!runtime.allEventSourcesAreHealthy()) {
      return Optional.of(
          "unhealthy event sources: "
              + runtime.unhealthyEventSources().values().stream()
                  .flatMap(sources -> sources.keySet().stream())
                  .sorted()
                  .toList());
    }
    return Optional.empty();
  }

  /**
   * Stops reconciling, waiting up to {@link #RECONCILE_TERMINATION_TIMEOUT} for checks in flight to
   * write their status. The Kubernetes client stays open.
   */
  @Override
  public void close() {
    operator.stop();
    LOG.info("Operator stopped");
  }
}
