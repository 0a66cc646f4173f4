package io.acrcmk.operator.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.util.Configuration;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import io.acrcmk.operator.azure.snapshot.ReadFailure.Kind;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.Fault;
import io.acrcmk.operator.sandbox.FaultRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;

/**
 * Classifies the exceptions the Azure SDK really throws: each one is produced by an SDK call
 * against the simulator with a fault injected, then handed to the classifier.
 */
class AzureErrorClassifierTest {

  private static final AzureRetryOptions NO_RETRIES =
      new AzureRetryOptions(0, Duration.ofMillis(10), Duration.ofSeconds(1));
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(500);

  private static AzureSimulator simulator;
  private static CmkSetup setup;
  private static AzureClients clients;

  @BeforeAll
  static void startSimulator() {
    simulator = AzureSimulator.start();
    setup = simulator.seedHealthy();
    clients = new AzureClients(simulator.connection(ATTEMPT_TIMEOUT), NO_RETRIES);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  @BeforeEach
  void clearFaults() {
    simulator.faults().clear();
  }

  @Test
  void resourceNotFoundIsNotFound() {
    Throwable error = catchThrowable(() -> getIdentity("missing-identity"));

    Observed<Object> outcome = AzureErrorClassifier.classify("identities.get", error);

    assertThat(outcome).isInstanceOf(Observed.NotFound.class);
    assertThat(((Observed.NotFound<?>) outcome).detail()).startsWith("ResourceNotFound: ");
  }

  @Test
  void unknownNotFoundCodeIsInvalidResponse() {
    inject("registries.get", Fault.error(404, "InvalidResourceType", "No such type."));

    ReadFailure failure = failure("registries.get", catchThrowable(this::getRegistry));

    assertThat(failure.kind()).isEqualTo(Kind.INVALID_RESPONSE);
    assertThat(failure.httpStatus()).isEqualTo(404);
    assertThat(failure.errorCode()).isEqualTo("InvalidResourceType");
  }

  @Test
  void subscriptionNotFoundIsForbidden() {
    inject(
        "registries.get",
        Fault.error(404, "SubscriptionNotFound", "The subscription could not be found."));

    ReadFailure failure = failure("registries.get", catchThrowable(this::getRegistry));

    assertThat(failure.kind()).isEqualTo(Kind.FORBIDDEN);
    assertThat(failure.errorCode()).isEqualTo("SubscriptionNotFound");
  }

  @Test
  void armForbiddenKeepsCodeAndRequestId() {
    inject("registries.get", Fault.authorizationFailed());

    ReadFailure failure = failure("registries.get", catchThrowable(this::getRegistry));

    assertThat(failure.kind()).isEqualTo(Kind.FORBIDDEN);
    assertThat(failure.operation()).isEqualTo("registries.get");
    assertThat(failure.httpStatus()).isEqualTo(403);
    assertThat(failure.errorCode()).isEqualTo("AuthorizationFailed");
    assertThat(failure.message()).startsWith("The client does not have authorization");
    assertThat(failure.requestId()).matches("[0-9a-f-]{36}");
    assertThat(failure.retryAfter()).isNull();
  }

  @Test
  void keyVaultForbiddenKeepsInnerCode() {
    for (String innerCode : new String[] {"ForbiddenByFirewall", "ForbiddenByRbac"}) {
      simulator.faults().clear();
      inject("dataplane.deletedKeys.get", Fault.keyVaultForbidden(innerCode, "Denied."));

      ReadFailure failure =
          failure("dataplane.deletedKeys.get", catchThrowable(this::getDeletedKey));

      assertThat(failure.kind()).isEqualTo(Kind.FORBIDDEN);
      assertThat(failure.httpStatus()).isEqualTo(403);
      assertThat(failure.errorCode()).isEqualTo(innerCode);
      assertThat(failure.message()).isEqualTo("Denied.");
    }
  }

  @Test
  void keyVaultKeyNotFoundIsNotFound() {
    Throwable error = catchThrowable(this::getDeletedKey);

    Observed<Object> outcome = AzureErrorClassifier.classify("dataplane.deletedKeys.get", error);

    assertThat(outcome).isInstanceOf(Observed.NotFound.class);
    assertThat(((Observed.NotFound<?>) outcome).detail()).startsWith("KeyNotFound: ");
  }

  @Test
  void throttledKeepsRetryAfter() {
    inject("vaults.get", Fault.throttled(Duration.ofSeconds(30)));

    ReadFailure failure = failure("vaults.get", catchThrowable(this::getVault));

    assertThat(failure.kind()).isEqualTo(Kind.THROTTLED);
    assertThat(failure.httpStatus()).isEqualTo(429);
    assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void serviceUnavailableKeepsRetryAfter() {
    inject("vaults.get", Fault.serviceUnavailable(Duration.ofSeconds(20)));

    ReadFailure failure = failure("vaults.get", catchThrowable(this::getVault));

    assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failure.httpStatus()).isEqualTo(503);
    assertThat(failure.errorCode()).isEqualTo("ServiceUnavailable");
    assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void badRequestIsInvalidResponse() {
    inject("vaults.get", Fault.error(400, "InvalidApiVersionParameter", "Bad api-version."));

    ReadFailure failure = failure("vaults.get", catchThrowable(this::getVault));

    assertThat(failure.kind()).isEqualTo(Kind.INVALID_RESPONSE);
    assertThat(failure.httpStatus()).isEqualTo(400);
    assertThat(failure.errorCode()).isEqualTo("InvalidApiVersionParameter");
  }

  @Test
  void truncatedBodyIsInvalidResponse() {
    inject("vaults.get", Fault.truncatedJson());

    ReadFailure failure = failure("vaults.get", catchThrowable(this::getVault));

    assertThat(failure.kind()).isEqualTo(Kind.INVALID_RESPONSE);
    assertThat(failure.httpStatus()).isEqualTo(200);
    assertThat(failure.message()).startsWith("the response body could not be read");
  }

  @Test
  void hangIsTimedOut() {
    inject("vaults.get", Fault.delay(Duration.ofSeconds(2)));

    ReadFailure failure = failure("vaults.get", catchThrowable(this::getVault));

    assertThat(failure.kind()).isEqualTo(Kind.TIMED_OUT);
    assertThat(failure.httpStatus()).isZero();
    assertThat(failure.message()).contains("TimeoutException");
  }

  @Test
  void connectionResetIsUnavailable() {
    inject("vaults.get", Fault.connectionReset());

    ReadFailure failure = failure("vaults.get", catchThrowable(this::getVault));

    assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failure.httpStatus()).isZero();
    assertThat(failure.message()).contains("closed");
  }

  @Test
  void connectionRefusedIsUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    AzureClients refused = clientsFor(armAt("https://127.0.0.1:" + closedPort + "/"), null);

    ReadFailure failure = failure("registries.get", catchThrowable(() -> getRegistry(refused)));

    assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failure.message()).contains("Connection refused");
  }

  @Test
  void unknownHostIsUnavailable() {
    AzureClients unresolved =
        clientsFor(armAt("https://arm.invalid:" + simulator.port() + "/"), null);

    ReadFailure failure = failure("registries.get", catchThrowable(() -> getRegistry(unresolved)));

    assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failure.message()).contains("UnknownHostException");
  }

  @Test
  void untrustedCertificateIsUnavailable() {
    HttpClient trustsDefaultAuthorities =
        new NettyAsyncHttpClientBuilder().configuration(Configuration.NONE).build();
    AzureClients untrusted = clientsFor(simulator.cloud(), trustsDefaultAuthorities);

    ReadFailure failure = failure("registries.get", catchThrowable(() -> getRegistry(untrusted)));

    assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failure.message()).containsIgnoringCase("certification path");
  }

  @Test
  void tokenFailureIsForbidden() {
    inject("token", Fault.error(401, "invalid_client", "AADSTS7000215: Invalid client secret."));
    AzureClients fresh = new AzureClients(simulator.connection(Duration.ofSeconds(10)), NO_RETRIES);

    ReadFailure failure = failure("registries.get", catchThrowable(() -> getRegistry(fresh)));

    assertThat(failure.kind()).isEqualTo(Kind.FORBIDDEN);
    assertThat(failure.httpStatus()).isEqualTo(401);
    assertThat(failure.message()).contains("invalid_client");
  }

  /** The credential's own retries honour the short Retry-After, then give up with the 429. */
  @Test
  void tokenThrottlingIsThrottled() {
    inject("token", Fault.throttled(Duration.ofSeconds(1)));
    AzureClients fresh = new AzureClients(simulator.connection(Duration.ofSeconds(10)), NO_RETRIES);

    ReadFailure failure = failure("registries.get", catchThrowable(() -> getRegistry(fresh)));

    assertThat(failure.kind()).isEqualTo(Kind.THROTTLED);
    assertThat(failure.httpStatus()).isEqualTo(429);
    assertThat(simulator.requestLog().forOperation("token"))
        .as("token requests")
        .hasSizeGreaterThan(1);
  }

  /** The credential keeps retrying a token endpoint that returns 5xx, until the attempt timeout. */
  @Test
  void tokenEndpointOutageEndsAtTimeout() {
    inject("token", Fault.error(503, "temporarily_unavailable", "AADSTS90033: Try again."));
    AzureClients fresh = new AzureClients(simulator.connection(Duration.ofSeconds(1)), NO_RETRIES);
    long start = System.nanoTime();

    ReadFailure failure = failure("registries.get", catchThrowable(() -> getRegistry(fresh)));

    assertThat(failure.kind()).isEqualTo(Kind.TIMED_OUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void wrappedTimeoutsAreTimedOut() {
    Throwable[] wrapped = {
      Exceptions.propagate(new TimeoutException("no response")),
      new UncheckedIOException(new SocketTimeoutException("read timed out")),
      new IllegalStateException("Timeout on blocking read", new TimeoutException())
    };
    for (Throwable error : wrapped) {
      assertThat(failure("vaults.get", error).kind()).as("%s", error).isEqualTo(Kind.TIMED_OUT);
    }
  }

  @Test
  void unexpectedExceptionIsUnavailable() {
    ReadFailure failure = failure("vaults.get", new IllegalStateException("pool shut down"));

    assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failure.message()).isEqualTo("IllegalStateException: pool shut down");
  }

  private static void inject(String operation, Fault fault) {
    simulator.faults().inject(FaultRule.forOperation(operation, fault));
  }

  private static ReadFailure failure(String operation, Throwable error) {
    assertThat(error).isNotNull();
    Observed<Object> outcome = AzureErrorClassifier.classify(operation, error);
    assertThat(outcome).as("outcome of %s", error).isInstanceOf(Observed.Failed.class);
    return outcome.failureOrNull();
  }

  private static AzureCloud armAt(String endpoint) {
    AzureCloud cloud = simulator.cloud();
    return new AzureCloud(
        cloud.name(),
        URI.create(endpoint),
        cloud.authorityHost(),
        cloud.managementAudience(),
        cloud.keyVaultDnsSuffix());
  }

  /** Returns clients for another cloud or HTTP client, with the simulator's credential. */
  private static AzureClients clientsFor(AzureCloud cloud, HttpClient httpClient) {
    AzureConnection simulated = simulator.connection(ATTEMPT_TIMEOUT);
    return new AzureClients(
        new AzureConnection(
            cloud,
            simulated.credential(),
            httpClient == null ? simulated.httpClient() : httpClient,
            ATTEMPT_TIMEOUT),
        NO_RETRIES);
  }

  private void getRegistry() {
    getRegistry(clients);
  }

  private static void getRegistry(AzureClients with) {
    with.forSubscription(setup.subscriptionId())
        .registries()
        .serviceClient()
        .getRegistries()
        .getByResourceGroup(setup.resourceGroup(), setup.registryName());
  }

  private static void getIdentity(String name) {
    clients
        .forSubscription(setup.subscriptionId())
        .identities()
        .serviceClient()
        .getUserAssignedIdentities()
        .getByResourceGroup(setup.resourceGroup(), name);
  }

  private void getVault() {
    clients
        .forSubscription(setup.subscriptionId())
        .keyVaults()
        .serviceClient()
        .getVaults()
        .getByResourceGroup(setup.resourceGroup(), setup.vaultName());
  }

  private void getDeletedKey() {
    clients.keyClient(setup.vaultUri()).getDeletedKey(setup.keyName());
  }
}
