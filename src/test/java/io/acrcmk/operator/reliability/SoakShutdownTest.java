package io.acrcmk.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.azure.SnapshotSource;
import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.controller.OperatorSettings;
import io.acrcmk.operator.controller.PolicyOperator;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.Fault;
import io.acrcmk.operator.sandbox.FaultRule;
import io.acrcmk.operator.sandbox.Operations;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stops the operator while a check waits for Azure, as every soak run and every rolling update
 * does. The Azure reads of an interrupted check fail, and it must not write the Unknown conditions
 * that would follow as if Azure were down.
 */
class SoakShutdownTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration SLOW_READ = Duration.ofMillis(1500);

  /** A registry read slower than the operator's 10 s wait for checks in flight at close. */
  private static final Duration HUNG_READ = Duration.ofSeconds(30);

  private AzureSimulator azure;
  private EmbeddedKubernetes kubernetes;
  private SoakFleet fleet;

  /** Loads started by the operator's checks. */
  private final AtomicInteger started = new AtomicInteger();

  @BeforeEach
  void startServers() {
    azure = AzureSimulator.start();
    kubernetes = EmbeddedKubernetes.start();
    fleet = SoakFleet.seed(azure, 1, 1);
  }

  @AfterEach
  void stopServers() {
    kubernetes.close();
    azure.close();
  }

  @Test
  void closeLetsCheckInFlightFinish() {
    List<AzureSnapshot> finished = new CopyOnWriteArrayList<>();
    PolicyOperator operator =
        startWithSlowRead(
            Duration.ofSeconds(5), SLOW_READ, (snapshot, thread) -> finished.add(snapshot));
    // The check that just started is now waiting for its slow registry read.
    operator.close();

    await().atMost(WAIT).until(() -> finished.size() == started.get());
    assertThat(finished)
        .as("registry reads of the checks, the one in flight at close included")
        .extracting(snapshot -> snapshot.registry().failureOrNull())
        .containsOnlyNulls();
    assertThat(readyStatus()).isEqualTo("True");
  }

  /**
   * A check that outlasts the termination wait is interrupted. Its registry read then fails, and
   * the check must not write the Unknown conditions that failure would give.
   */
  @Test
  void checkInterruptedAtCloseWritesNoStatus() {
    List<Boolean> interruptedAfterLoad = new CopyOnWriteArrayList<>();
    PolicyOperator operator =
        startWithSlowRead(
            Duration.ofMinutes(1),
            HUNG_READ,
            (snapshot, thread) -> interruptedAfterLoad.add(thread.isInterrupted()));
    kubernetes.clearRequests();
    // Waits the termination timeout for the hung check, then interrupts it.
    operator.close();

    await().atMost(WAIT).until(() -> interruptedAfterLoad.size() == started.get());
    assertThat(interruptedAfterLoad).as("interrupt flag after each load").endsWith(true);
    assertThat(kubernetes.requests())
        .as("status patches after close")
        .filteredOn(request -> request.path().endsWith("/status"))
        .isEmpty();
    assertThat(readyStatus()).isEqualTo("True");
  }

  /**
   * Starts the operator on the fleet's one policy and waits for Ready, then delays every registry
   * read by {@code delay} and returns once a check has started such a read. Each finished load is
   * passed to {@code afterLoad} with the thread that ran it.
   *
   * @param readTimeout the response timeout of the operator's Azure client
   */
  private PolicyOperator startWithSlowRead(
      Duration readTimeout, Duration delay, BiConsumer<AzureSnapshot, Thread> afterLoad) {
    AzureSnapshotLoader loader = new AzureSnapshotLoader(azure.connection(readTimeout));
    SnapshotSource source =
        target -> {
          started.incrementAndGet();
          AzureSnapshot snapshot = loader.load(target);
          afterLoad.accept(snapshot, Thread.currentThread());
          return snapshot;
        };
    PolicyOperator operator =
        PolicyOperator.create(
            kubernetes.client(),
            source,
            OperatorSettings.defaults().withCheckIntervalOverride(Duration.ofMillis(200)),
            null,
            Clock.systemUTC());
    operator.start();
    fleet.createPolicies(kubernetes.client());
    await().atMost(WAIT).until(() -> "True".equals(readyStatus()));

    azure.faults().inject(FaultRule.forOperation(Operations.REGISTRIES_GET, Fault.delay(delay)));
    int before = started.get();
    await().atMost(WAIT).until(() -> started.get() > before);
    return operator;
  }

  private String readyStatus() {
    RegistryEncryptionPolicy policy =
        kubernetes
            .client()
            .resources(RegistryEncryptionPolicy.class)
            .inNamespace(SoakFleet.NAMESPACE)
            .withName(SoakFleet.policyName(0))
            .get();
    if (policy == null || policy.getStatus() == null) {
      return null;
    }
    return policy.getStatus().getConditions().stream()
        .filter(condition -> ConditionTypes.READY.equals(condition.getType()))
        .map(Condition::getStatus)
        .findFirst()
        .orElse(null);
  }
}
