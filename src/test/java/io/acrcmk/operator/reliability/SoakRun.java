package io.acrcmk.operator.reliability;

import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.azure.AzureConnection;
import io.acrcmk.operator.azure.AzureRetryOptions;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.azure.SharedReadCache;
import io.acrcmk.operator.controller.OperatorSettings;
import io.acrcmk.operator.controller.PolicyOperator;
import io.acrcmk.operator.metrics.OperatorMetrics;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.SimulatorOptions;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One soak setup: the Azure simulator over HTTPS, the embedded API server, a fleet of policies, and
 * the operator wired as the run command wires it, with Azure request metrics, plus a shared read
 * cache. Closing it stops the operator, then both servers.
 *
 * <p>The mock API server keeps every Event until it is deleted, looks up each request's object by
 * scanning everything it stores, and records every request it serves. Every few seconds the run
 * therefore deletes the fleet's Events, as a real API server's event time to live would, scaled
 * down like the check interval, and discards the recorded requests. Without that the mock server
 * slows down and its own records fill the heap, which the soak measures for the operator.
 */
final class SoakRun implements AutoCloseable {

  /**
   * Retries after a transient fault: two, after 100 ms and 200 ms, so that a retried read costs
   * little time. A Retry-After of up to 1 s is honoured, and a longer one ends the read as
   * throttled.
   */
  static final AzureRetryOptions RETRIES =
      new AzureRetryOptions(2, Duration.ofMillis(100), Duration.ofSeconds(1));

  /**
   * The interval of every policy. 1,000 checks take several seconds on two cores, so the operator
   * checks without pause and the cycles run as fast as the machine allows.
   */
  static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

  /**
   * How long shared reads are kept. A fleet on one interval would keep them about one interval. A
   * cycle of this fleet takes several seconds, so a state fault reaches every check within a cycle.
   */
  static final Duration SHARED_READ_TTL = Duration.ofSeconds(3);

  /**
   * Reconcile threads. Checks here mostly wait for the two in-process servers, and a shared read
   * slowed by a timeout fault blocks every thread that needs it. With 32 threads both cores were
   * often part idle and the fault phase took 192 s on a 2-core machine, against 135 s with 64.
   */
  static final int CONCURRENCY = 64;

  /** The response timeout of the Azure HTTP client. A timeout fault delays responses beyond it. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(SoakRun.class);

  private static final Duration CLEAN_UP_PERIOD = Duration.ofSeconds(3);

  private final AzureSimulator simulator;
  private final EmbeddedKubernetes kubernetes;
  private final OperatorMetrics metrics;
  private final ScheduledExecutorService cleanUp;
  private final AtomicLong eventsDeleted = new AtomicLong();
  private SoakFleet fleet;
  private SharedReadCache cache;
  private SoakLoadCounter counter;
  private PolicyOperator operator;

  private SoakRun() {
    this.simulator =
        AzureSimulator.start(
            SimulatorOptions.defaults()
                .enforceRateLimits(false)
                .readTimeout(READ_TIMEOUT)
                .requestLogCapacity(100));
    this.kubernetes = EmbeddedKubernetes.start();
    this.metrics = OperatorMetrics.create();
    this.cleanUp =
        Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "soak-api-clean-up"));
  }

  /**
   * Starts both servers, seeds {@code policies} registries over {@code groups} groups, creates
   * their policies and starts the operator, which checks each policy every {@link #CHECK_INTERVAL}.
   */
  static SoakRun start(int policies, int groups) {
    SoakRun run = new SoakRun();
    try {
      run.startOperator(policies, groups);
      return run;
    } catch (RuntimeException | Error e) {
      run.close();
      throw e;
    }
  }

  private void startOperator(int policies, int groups) {
    fleet = SoakFleet.seed(simulator, policies, groups);
    AzureConnection connection =
        simulator.connection().withAdditionalPolicies(List.of(metrics.azureRequestPolicy()));
    cache = new SharedReadCache(SHARED_READ_TTL);
    counter =
        new SoakLoadCounter(
            new AzureSnapshotLoader(connection, RETRIES, Clock.systemUTC(), null, cache),
            fleet.registryIds());
    fleet.createPolicies(kubernetes.client());
    operator =
        PolicyOperator.create(
            kubernetes.client(),
            counter,
            new OperatorSettings(
                Set.of(), null, CONCURRENCY, CHECK_INTERVAL, Duration.ofMinutes(10)),
            null,
            Clock.systemUTC(),
            metrics);
    operator.start();
    long period = CLEAN_UP_PERIOD.toMillis();
    cleanUp.scheduleWithFixedDelay(this::cleanUpApiServer, period, period, TimeUnit.MILLISECONDS);
  }

  AzureSimulator simulator() {
    return simulator;
  }

  OperatorMetrics metrics() {
    return metrics;
  }

  SoakFleet fleet() {
    return fleet;
  }

  SharedReadCache cache() {
    return cache;
  }

  SoakLoadCounter counter() {
    return counter;
  }

  /** Returns how many Events of the fleet were deleted so far. */
  long eventsDeleted() {
    return eventsDeleted.get();
  }

  /** Returns every policy as the API server stores it now. */
  List<RegistryEncryptionPolicy> policies() {
    return kubernetes
        .client()
        .resources(RegistryEncryptionPolicy.class)
        .inNamespace(SoakFleet.NAMESPACE)
        .list()
        .getItems();
  }

  private void cleanUpApiServer() {
    kubernetes.discardRecordedRequests();
    try {
      eventsDeleted.addAndGet(
          kubernetes.client().v1().events().inNamespace(SoakFleet.NAMESPACE).delete().size());
    } catch (KubernetesClientException e) {
      // A failure here would otherwise cancel every later run of the clean-up.
      LOG.warn("Could not delete the soak's Events; will retry: {}", e.getMessage());
    }
  }

  /** Stops the clean-up, the operator, the API server and the simulator, in that order. */
  @Override
  public void close() {
    try {
      cleanUp.shutdownNow();
      awaitTermination(cleanUp);
      if (operator != null) {
        operator.close();
      }
    } finally {
      try {
        kubernetes.close();
      } finally {
        try {
          simulator.close();
        } finally {
          metrics.close();
        }
      }
    }
  }

  private static void awaitTermination(ScheduledExecutorService executor) {
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the API server clean-up did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the API server clean-up", e);
    }
  }
}
