package io.acrcmk.operator.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import io.acrcmk.operator.azure.snapshot.ReadFailure.Kind;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.Fault;
import io.acrcmk.operator.sandbox.FaultRule;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checks through the loader that retries happen, honour Retry-After and stay bounded. */
class BoundedRetryTest {

  private static AzureSimulator simulator;
  private static CmkSetup setup;

  @BeforeAll
  static void startSimulator() {
    simulator = AzureSimulator.start();
    setup = simulator.seedHealthy();
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  @BeforeEach
  void reset() {
    simulator.faults().clear();
    simulator.clearRequests();
  }

  @Test
  void recoversFromOneTransientError() {
    inject("registries.get", Fault.internalServerError(), 1);

    AzureSnapshot snapshot = load(LoaderFixture.FAST_RETRIES);

    assertThat(snapshot.registry().isFound()).isTrue();
    assertThat(simulator.requestLog().count("registries.get")).isEqualTo(2);
  }

  @Test
  void stopsAfterMaxRetries() {
    inject("vaults.get", Fault.serviceUnavailable(null), 0);

    AzureSnapshot snapshot = load(LoaderFixture.FAST_RETRIES);

    assertThat(snapshot.vault().failureOrNull().kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(simulator.requestLog().count("vaults.get"))
        .isEqualTo(LoaderFixture.FAST_RETRIES.maxRetries() + 1);
  }

  @Test
  void waitsForRetryAfter() {
    inject("identities.get", Fault.throttled(Duration.ofSeconds(1)), 1);
    long start = System.nanoTime();

    AzureSnapshot snapshot = load(LoaderFixture.FAST_RETRIES);

    assertThat(snapshot.identity().isFound()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(simulator.requestLog().count("identities.get")).isEqualTo(2);
  }

  @Test
  void doesNotWaitBeyondMaxDelay() {
    inject("keys.get", Fault.throttled(Duration.ofSeconds(60)), 0);
    long start = System.nanoTime();

    AzureSnapshot snapshot = load(LoaderFixture.FAST_RETRIES);

    ReadFailure failure = snapshot.key().failureOrNull();
    assertThat(failure.kind()).isEqualTo(Kind.THROTTLED);
    assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(simulator.requestLog().count("keys.get")).isEqualTo(1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void doesNotRetryWithoutRetries() {
    inject("registries.get", Fault.internalServerError(), 0);

    AzureSnapshot snapshot =
        load(new AzureRetryOptions(0, Duration.ofMillis(10), Duration.ofSeconds(1)));

    assertThat(snapshot.registry().failureOrNull().kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(simulator.requestLog().count("registries.get")).isEqualTo(1);
  }

  @Test
  void doesNotRetryForbidden() {
    inject("registries.get", Fault.authorizationFailed(), 0);

    AzureSnapshot snapshot = load(LoaderFixture.FAST_RETRIES);

    assertThat(snapshot.registry().failureOrNull().kind()).isEqualTo(Kind.FORBIDDEN);
    assertThat(simulator.requestLog().count("registries.get")).isEqualTo(1);
  }

  private static AzureSnapshot load(AzureRetryOptions retries) {
    return LoaderFixture.loader(simulator, Duration.ofSeconds(5), retries)
        .load(LoaderFixture.target(setup));
  }

  /** Injects {@code fault} into the first {@code times} requests, or all of them for 0. */
  private static void inject(String operation, Fault fault, int times) {
    FaultRule rule = FaultRule.forOperation(operation, fault);
    simulator.faults().inject(times > 0 ? rule.times(times) : rule);
  }
}
