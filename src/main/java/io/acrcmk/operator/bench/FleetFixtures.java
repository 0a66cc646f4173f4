package io.acrcmk.operator.bench;

import io.acrcmk.operator.api.IdentityReference;
import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.api.KeyReference;
import io.acrcmk.operator.api.KeyVaultReference;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.api.RegistryEncryptionPolicySpec;
import io.acrcmk.operator.api.RegistryReference;
import io.acrcmk.operator.azure.AzureRetryOptions;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.SharedReadCache;
import io.acrcmk.operator.azure.SubscriptionBudgets;
import io.acrcmk.operator.controller.OperatorSettings;
import io.acrcmk.operator.controller.PolicyOperator;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.SimulatorOptions;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The servers the operator runs against in the benchmark: the Azure simulator with a seeded fleet,
 * the embedded Kubernetes API server with one policy per registry, and a watch of the policies'
 * status. Each is started in its own step so that the heap of each can be measured.
 */
final class FleetFixtures implements AutoCloseable {

  /** The namespace of every policy. */
  static final String NAMESPACE = "fleet";

  /** Threads that create the policies in parallel. */
  private static final int CREATE_THREADS = 4;

  private final AzureSimulator simulator;
  private final BenchFleet fleet;
  private EmbeddedKubernetes kubernetes;
  private StatusWatch watch;

  private FleetFixtures(AzureSimulator simulator, BenchFleet fleet) {
    this.simulator = simulator;
    this.fleet = fleet;
  }

  /**
   * Starts a simulator that adds {@code latency} to each response and enforces ARM's read bucket of
   * {@code readCapacity} refilled at {@code readRefill} a second, and seeds the fleet into it.
   */
  static FleetFixtures seedAzure(
      int policies, int groups, Duration latency, int readCapacity, double readRefill) {
    SimulatorOptions options =
        SimulatorOptions.defaults()
            .latency(latency)
            .armReads(readCapacity, readRefill)
            .enforceRateLimits(true)
            // The counts by operation cover every request; the entries themselves are not needed
            // and would add to the heap being measured.
            .requestLogCapacity(1);
    AzureSimulator simulator = AzureSimulator.start(options);
    try {
      return new FleetFixtures(simulator, BenchFleet.seed(simulator, policies, groups));
    } catch (RuntimeException e) {
      simulator.close();
      throw e;
    }
  }

  /**
   * Starts the API server, creates one policy per registry that checks every {@code checkInterval},
   * and starts watching their status.
   */
  void applyPolicies(Duration checkInterval) throws InterruptedException {
    kubernetes = EmbeddedKubernetes.start();
    KubernetesClient client = kubernetes.client();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    String interval = checkInterval.toSeconds() + "s";
    ExecutorService pool = Executors.newFixedThreadPool(CREATE_THREADS);
    try {
      List<Future<?>> created = new ArrayList<>();
      List<PolicyTarget> targets = fleet.targets();
      for (PolicyTarget target : targets) {
        created.add(pool.submit(() -> client.resource(policy(target, interval)).create()));
      }
      for (Future<?> future : created) {
        future.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("creating a policy failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    watch = StatusWatch.start(client, NAMESPACE, fleet.targets().size());
  }

  /** Returns the name of the policy of {@code target}, which is its registry's name. */
  static String policyName(PolicyTarget target) {
    return target.registry().name();
  }

  private static RegistryEncryptionPolicy policy(PolicyTarget target, String checkInterval) {
    RegistryEncryptionPolicySpec spec = new RegistryEncryptionPolicySpec();
    spec.setRegistry(new RegistryReference(target.registry().toString()));
    spec.setKeyVault(new KeyVaultReference(target.vault().toString()));
    spec.setKey(new KeyReference(target.keyName(), null));
    spec.setIdentity(
        new IdentityReference(IdentityType.UserAssigned, target.identity().toString()));
    spec.setCheckInterval(checkInterval);
    RegistryEncryptionPolicy policy = new RegistryEncryptionPolicy();
    policy.getMetadata().setNamespace(NAMESPACE);
    policy.getMetadata().setName(policyName(target));
    policy.setSpec(spec);
    return policy;
  }

  /**
   * Builds an operator that reads the simulator through {@code budgets} and a shared read cache,
   * with {@code concurrency} reconcile threads. It only observes and is not yet started.
   */
  PolicyOperator createOperator(
      int concurrency, SubscriptionBudgets budgets, Duration sharedReadTtl) {
    AzureSnapshotLoader loader =
        new AzureSnapshotLoader(
            simulator.connection(),
            AzureRetryOptions.DEFAULT,
            Clock.systemUTC(),
            budgets,
            new SharedReadCache(sharedReadTtl));
    OperatorSettings defaults = OperatorSettings.defaults();
    OperatorSettings settings =
        new OperatorSettings(
            defaults.namespaces(),
            defaults.labelSelector(),
            concurrency,
            null,
            defaults.eventDedupeWindow());
    return PolicyOperator.create(kubernetes.client(), loader, settings, null, Clock.systemUTC());
  }

  AzureSimulator simulator() {
    return simulator;
  }

  BenchFleet fleet() {
    return fleet;
  }

  StatusWatch watch() {
    return watch;
  }

  @Override
  public void close() {
    if (watch != null) {
      watch.close();
    }
    if (kubernetes != null) {
      kubernetes.close();
    }
    simulator.close();
  }
}
