package io.acrcmk.operator.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import io.acrcmk.operator.azure.snapshot.ReadFailure.Kind;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.Fault;
import io.acrcmk.operator.sandbox.FaultRule;
import io.acrcmk.operator.sandbox.HealthySetup;
import io.acrcmk.operator.sandbox.StateCheckpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Injects each class of Azure failure into each main read and checks what the snapshot records: not
 * found as a fact, every other failure classified, retries bounded, nothing thrown.
 */
class AzureSnapshotLoaderFaultTest {

  private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(500);
  private static final AzureRetryOptions ONE_RETRY =
      new AzureRetryOptions(1, Duration.ofMillis(10), Duration.ofSeconds(2));
  private static final int ATTEMPTS = ONE_RETRY.maxRetries() + 1;

  /** Where each read's outcome sits in the snapshot. */
  private static final Map<String, Function<AzureSnapshot, Observed<?>>> OUTCOMES =
      Map.of(
          "registries.get", AzureSnapshot::registry,
          "identities.get", AzureSnapshot::identity,
          "vaults.get", AzureSnapshot::vault,
          "keys.get", AzureSnapshot::key,
          "roleAssignments.listForScope", AzureSnapshot::roleAssignments,
          "dataplane.deletedKeys.get", AzureSnapshot::deletedKey);

  private static AzureSimulator simulator;
  private static StateCheckpoint empty;
  private static AzureSnapshotLoader loader;

  /** A fault, the outcome it must produce and whether the loader retries it. */
  private record FaultCase(
      String name, Function<String, Fault> fault, Kind kind, String code, boolean retried) {

    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void startSimulator() {
    simulator = AzureSimulator.start();
    empty = simulator.checkpoint();
    loader = LoaderFixture.loader(simulator, ATTEMPT_TIMEOUT, ONE_RETRY);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  @BeforeEach
  void resetSimulator() {
    simulator.restore(empty);
    simulator.faults().clear();
    simulator.clearRequests();
    simulator.resetRateLimits();
  }

  static Stream<Arguments> faultsPerRead() {
    List<FaultCase> cases =
        List.of(
            new FaultCase("404", FaultCase404::fault, null, null, false),
            new FaultCase(
                "403",
                operation ->
                    operation.startsWith("dataplane.")
                        ? Fault.forbiddenByFirewall()
                        : Fault.authorizationFailed(),
                Kind.FORBIDDEN,
                null,
                false),
            new FaultCase(
                "429",
                operation -> Fault.throttled(Duration.ofSeconds(1)),
                Kind.THROTTLED,
                null,
                true),
            new FaultCase(
                "500", operation -> Fault.internalServerError(), Kind.UNAVAILABLE, null, true),
            new FaultCase(
                "hang",
                operation -> Fault.delay(Duration.ofMillis(1000)),
                Kind.TIMED_OUT,
                null,
                true),
            new FaultCase(
                "reset", operation -> Fault.connectionReset(), Kind.UNAVAILABLE, null, true),
            new FaultCase(
                "malformed JSON",
                operation -> Fault.malformedJson(),
                Kind.INVALID_RESPONSE,
                null,
                false));
    List<Arguments> arguments = new ArrayList<>();
    for (String operation : OUTCOMES.keySet().stream().sorted().toList()) {
      for (FaultCase faultCase : cases) {
        arguments.add(Arguments.of(operation, faultCase));
      }
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("faultsPerRead")
  void classifiesFaultOfRead(String operation, FaultCase faultCase) {
    CmkSetup setup = seedReaching(operation);
    simulator
        .faults()
        .inject(FaultRule.forOperation(operation, faultCase.fault().apply(operation)));
    AzureSnapshotLoader loader = LoaderFixture.loader(simulator, ATTEMPT_TIMEOUT, ONE_RETRY);

    AzureSnapshot snapshot = loader.load(LoaderFixture.target(setup));

    Observed<?> outcome = OUTCOMES.get(operation).apply(snapshot);
    if (faultCase.kind() == null) {
      assertThat(outcome).isInstanceOf(Observed.NotFound.class);
    } else {
      ReadFailure failure = outcome.failureOrNull();
      assertThat(failure).as("outcome %s", outcome).isNotNull();
      assertThat(failure.kind()).isEqualTo(faultCase.kind());
      assertThat(failure.operation()).isEqualTo(operation);
      assertExpectedDetail(operation, faultCase, failure);
    }
    long expectedRequests = faultCase.retried() ? ATTEMPTS : 1;
    // The simulator logs a delayed request only once its delay is over, after the client gave up.
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(answeredRequests(operation)).isEqualTo(expectedRequests));
    assertIndependentReadsFound(operation, snapshot);
  }

  private static void assertExpectedDetail(
      String operation, FaultCase faultCase, ReadFailure failure) {
    switch (faultCase.kind()) {
      case FORBIDDEN -> {
        assertThat(failure.httpStatus()).isEqualTo(403);
        assertThat(failure.errorCode())
            .isEqualTo(
                operation.startsWith("dataplane.") ? "ForbiddenByFirewall" : "AuthorizationFailed");
        assertThat(failure.requestId()).isNotBlank();
      }
      case THROTTLED -> {
        assertThat(failure.httpStatus()).isEqualTo(429);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(failure.errorCode()).isEqualTo("TooManyRequests");
      }
      case UNAVAILABLE -> {
        if (faultCase.name().equals("500")) {
          assertThat(failure.httpStatus()).isEqualTo(500);
          assertThat(failure.errorCode()).isEqualTo("InternalServerError");
        } else {
          assertThat(failure.httpStatus()).isZero();
        }
      }
      case TIMED_OUT -> assertThat(failure.httpStatus()).isZero();
      case INVALID_RESPONSE -> {
        // The Key Vault client raises a bare parse error that carries no HTTP response.
        if (!operation.startsWith("dataplane.")) {
          assertThat(failure.httpStatus()).isEqualTo(200);
        }
        assertThat(failure.message()).contains("JsonEOFException");
      }
    }
  }

  /** Checks that a fault in one of the registry, identity and vault reads spares the others. */
  private static void assertIndependentReadsFound(String operation, AzureSnapshot snapshot) {
    for (String independent : List.of("registries.get", "identities.get", "vaults.get")) {
      if (!independent.equals(operation)) {
        assertThat(OUTCOMES.get(independent).apply(snapshot).isFound())
            .as("%s after a fault in %s", independent, operation)
            .isTrue();
      }
    }
  }

  /** Counts the requests of an operation, without Key Vault's unauthenticated challenge. */
  private static long answeredRequests(String operation) {
    return simulator.requestLog().forOperation(operation).stream()
        .filter(request -> request.status() != 401)
        .count();
  }

  /** Seeds a setup in which the loader makes the read named {@code operation}. */
  private static CmkSetup seedReaching(String operation) {
    if (operation.equals("roleAssignments.listForScope")) {
      return HealthySetup.builder().rbacVault().seed(simulator);
    }
    CmkSetup setup = simulator.seedHealthy();
    if (operation.equals("dataplane.deletedKeys.get")) {
      simulator.mutations().keys().softDelete(setup.vaultName(), setup.keyName());
    }
    return setup;
  }

  /** The 404 each service returns for a missing resource. */
  private static final class FaultCase404 {
    static Fault fault(String operation) {
      return operation.startsWith("dataplane.")
          ? Fault.error(404, "KeyNotFound", "A key with (name/id) acr-cmk was not found.")
          : Fault.error(404, "ResourceNotFound", "The Resource was not found.");
    }
  }
}
