package io.acrcmk.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.containerregistry.fluent.RegistriesClient;
import com.azure.resourcemanager.containerregistry.fluent.models.RegistryInner;
import com.azure.resourcemanager.keyvault.fluent.models.KeyInner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

  private static AzureSimulator simulator;
  private static CmkSetup setup;
  private static RegistriesClient registries;

  @BeforeAll
  static void start() {
    simulator = AzureSimulator.start();
    setup = simulator.seedHealthy();
    registries =
        new SdkClients(simulator, setup.subscriptionId())
            .registries()
            .serviceClient()
            .getRegistries();
  }

  @AfterEach
  void reset() {
    simulator.faults().clear();
    simulator.clearRequests();
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  private List<KeyInner> listVersions() {
    List<KeyInner> versions = new ArrayList<>();
    new SdkClients(simulator, setup.subscriptionId())
        .vaults()
        .serviceClient()
        .getKeys()
        .listVersions(setup.resourceGroup(), setup.vaultName(), setup.keyName())
        .forEach(versions::add);
    return versions;
  }

  private RegistryInner readRegistry() {
    return registries.getByResourceGroup(setup.resourceGroup(), setup.registryName());
  }

  private static ManagementException managementError(Throwable thrown) {
    assertThat(thrown).isInstanceOf(ManagementException.class);
    return (ManagementException) thrown;
  }

  @Test
  void serverErrorSurfacesWithAzureErrorBody() {
    simulator
        .faults()
        .inject(FaultRule.forOperation("registries.get", Fault.internalServerError()));

    ManagementException error = managementError(catchThrown(this::readRegistry));

    assertThat(error.getResponse().getStatusCode()).isEqualTo(500);
    assertThat(error.getValue().getCode()).isEqualTo("InternalServerError");
  }

  @Test
  void throttlingCarriesRetryAfter() {
    simulator
        .faults()
        .inject(FaultRule.forOperation("registries.get", Fault.throttled(Duration.ofSeconds(7))));

    ManagementException error = managementError(catchThrown(this::readRegistry));

    assertThat(error.getResponse().getStatusCode()).isEqualTo(429);
    assertThat(error.getResponse().getHeaderValue("Retry-After")).isEqualTo("7");
  }

  @Test
  void authorizationFailedSurfacesAs403() {
    simulator
        .faults()
        .inject(FaultRule.forOperation("registries.get", Fault.authorizationFailed()));

    ManagementException error = managementError(catchThrown(this::readRegistry));

    assertThat(error.getResponse().getStatusCode()).isEqualTo(403);
    assertThat(error.getValue().getCode()).isEqualTo("AuthorizationFailed");
  }

  @Test
  void limitedRuleStopsAfterItsCount() {
    FaultRule rule =
        simulator
            .faults()
            .inject(
                FaultRule.forOperation("registries.get", Fault.serviceUnavailable(Duration.ZERO))
                    .times(1));

    assertThat(catchThrown(this::readRegistry)).isInstanceOf(ManagementException.class);
    assertThat(readRegistry().name()).isEqualTo(setup.registryName());
    assertThat(rule.applied()).isEqualTo(1);
    assertThat(simulator.faults().active()).isEmpty();
  }

  @Test
  void retryingClientRecoversFromOneUnavailable() {
    RegistriesClient retrying =
        new SdkClients(simulator.connection(), simulator.tenantId(), setup.subscriptionId(), 2)
            .registries()
            .serviceClient()
            .getRegistries();
    simulator
        .faults()
        .inject(
            FaultRule.forOperation("registries.get", Fault.serviceUnavailable(Duration.ZERO))
                .times(1));

    RegistryInner registry =
        retrying.getByResourceGroup(setup.resourceGroup(), setup.registryName());

    assertThat(registry.name()).isEqualTo(setup.registryName());
    assertThat(simulator.requestLog().forOperation("registries.get"))
        .extracting(RecordedRequest::status)
        .containsExactly(503, 200);
  }

  @Test
  void delayLongerThanTimeoutTimesOut() {
    RegistriesClient impatient =
        new SdkClients(
                simulator.connection(Duration.ofMillis(300)),
                simulator.tenantId(),
                setup.subscriptionId(),
                0)
            .registries()
            .serviceClient()
            .getRegistries();
    simulator
        .faults()
        .inject(FaultRule.forOperation("registries.get", Fault.delay(Duration.ofSeconds(2))));

    Throwable thrown =
        catchThrown(
            () -> impatient.getByResourceGroup(setup.resourceGroup(), setup.registryName()));

    assertThat(
            hasCause(thrown, TimeoutException.class)
                || String.valueOf(thrown).contains("timed out"))
        .as("timeout in %s", thrown)
        .isTrue();
  }

  @Test
  void connectionResetLeavesNoResponse() {
    simulator.faults().inject(FaultRule.forOperation("registries.get", Fault.connectionReset()));

    Throwable thrown = catchThrown(this::readRegistry);

    assertThat(thrown).isNotInstanceOf(HttpResponseException.class);
    assertThat(simulator.requestLog().forOperation("registries.get"))
        .extracting(RecordedRequest::status)
        .containsOnly(0);
  }

  @Test
  void truncatedJsonFailsToParse() {
    simulator.faults().inject(FaultRule.forOperation("registries.get", Fault.truncatedJson()));

    assertThat(catchThrown(this::readRegistry)).isNotNull();
  }

  @Test
  void cutOffJsonKeepsAllButLastBytes() throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(simulator.clientSslContext()).build();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "https://127.0.0.1:"
                        + simulator.port()
                        + setup.registryId()
                        + "?api-version=2025-04-01"))
            .header("Authorization", "Bearer test-token")
            .build();
    String whole = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    simulator.faults().inject(FaultRule.forOperation("registries.get", Fault.cutOffJson(2)));

    HttpResponse<String> cut = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(cut.statusCode()).isEqualTo(200);
    assertThat(cut.body()).isEqualTo(whole.substring(0, whole.length() - 2));
  }

  @Test
  void cutOffRejectsNothingDropped() {
    assertThatThrownBy(() -> Fault.cutOffJson(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void malformedJsonFailsToParse() {
    simulator.faults().inject(FaultRule.forOperation("registries.get", Fault.malformedJson()));

    assertThat(catchThrown(this::readRegistry)).isNotNull();
  }

  @Test
  void removedFieldIsAbsent() {
    simulator
        .faults()
        .inject(
            FaultRule.forOperation("registries.get", Fault.removeField("properties/encryption")));

    assertThat(readRegistry().encryption()).isNull();
  }

  @Test
  void nulledFieldIsNull() {
    simulator
        .faults()
        .inject(FaultRule.forOperation("registries.get", Fault.nullField("identity")));

    RegistryInner registry = readRegistry();

    assertThat(registry.identity()).isNull();
    assertThat(registry.encryption()).isNotNull();
  }

  @Test
  void indexedFieldEditsOneListEntry() {
    simulator
        .faults()
        .inject(
            FaultRule.forOperation(
                "keys.listVersions", Fault.removeField("value/0/properties/attributes")));

    List<KeyInner> versions = listVersions();

    assertThat(versions).hasSize(setup.keyVersions().size());
    assertThat(versions.get(0).attributes()).isNull();
    assertThat(versions.get(1).attributes()).isNotNull();
  }

  @Test
  void wildcardFieldEditsEveryListEntry() {
    simulator
        .faults()
        .inject(
            FaultRule.forOperation(
                "keys.listVersions", Fault.nullField("value/*/properties/keyUriWithVersion")));

    List<KeyInner> versions = listVersions();

    assertThat(versions).hasSize(setup.keyVersions().size());
    assertThat(versions).extracting(KeyInner::keyUriWithVersion).containsOnlyNulls();
    assertThat(versions).extracting(KeyInner::keyUri).doesNotContainNull();
  }

  @Test
  void wildcardFieldReachesMapKeysWithSlashes() {
    simulator
        .faults()
        .inject(
            FaultRule.forOperation(
                "registries.get",
                Fault.nullField("identity/userAssignedIdentities/*/principalId")));

    var attached = readRegistry().identity().userAssignedIdentities();

    assertThat(attached).hasSize(1);
    assertThat(attached.values().iterator().next().principalId()).isNull();
    assertThat(attached.values().iterator().next().clientId()).isEqualTo(setup.clientId());
  }

  @Test
  void fieldPathThatMatchesNothingLeavesBodyIntact() {
    simulator
        .faults()
        .inject(
            FaultRule.forOperation(
                "registries.get", Fault.removeField("identity/userAssignedIdentities/7/x")));

    RegistryInner registry = readRegistry();

    assertThat(registry.identity().userAssignedIdentities()).hasSize(1);
    assertThat(registry.encryption().keyVaultProperties().identity()).isEqualTo(setup.clientId());
  }

  @Test
  void pathRuleMatchesMethodAndPath() {
    simulator
        .faults()
        .inject(
            FaultRule.forRequest(
                "GET", ".*/registries/" + setup.registryName(), Fault.internalServerError()));

    assertThat(catchThrown(this::readRegistry)).isInstanceOf(ManagementException.class);
  }

  @Test
  void keyVaultForbiddenCarriesInnerError() {
    simulator
        .faults()
        .inject(
            FaultRule.forOperation(
                "dataplane.keys.get",
                Fault.keyVaultForbidden(
                    "ForbiddenByRbac", "Caller is not authorized to perform action on resource.")));
    var keys = new SdkClients(simulator, setup.subscriptionId()).keys(setup.vaultUri());

    Throwable thrown = catchThrown(() -> keys.getKey(setup.keyName()));

    assertThat(thrown).isInstanceOf(HttpResponseException.class);
    assertThat(((HttpResponseException) thrown).getResponse().getStatusCode()).isEqualTo(403);
    assertThat(thrown.getMessage()).contains("ForbiddenByRbac");
  }

  private static Throwable catchThrown(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected the call to fail");
  }

  private static boolean hasCause(Throwable thrown, Class<? extends Throwable> type) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }
}
