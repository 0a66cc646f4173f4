package io.acrcmk.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.controller.PolicyOperator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes.ApiFault;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes.ApiRequest;
import io.fabric8.kubernetes.api.model.Event;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Status patches of one policy that the API server rejects a few times and then accepts. The check
 * had finished, so the findings must reach status once the API server accepts again, without an
 * OperatorError in between and without touching the other policies.
 */
class KubernetesStatusPatchFaultTest {

  private KubeFixture fixture;

  @BeforeEach
  void start() {
    fixture = KubeFixture.start(3);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void conflictOnStatusPatchIsRetried() {
    // fabric8 does not retry a 409, so each conflict reaches JOSDK.
    ApiFault conflicts =
        fixture.kubernetes.failRequests("PATCH", KubeFixture.statusPath("flaky"), 409, 2);
    PolicyOperator operator = fixture.startOperator("operator", null);

    createPolicies();

    fixture.awaitHealthy("flaky");
    assertThat(conflicts.applied()).isEqualTo(2);
    assertThat(registryReads(fixture.setups.get(0)))
        .as("JOSDK reconciled again after each conflict")
        .isEqualTo(3);
    assertRetriedWithoutSideEffects(operator, 2);
  }

  @Test
  void serverErrorsOnStatusPatchAreRetried() {
    // fabric8 retries a 5xx ten times itself, here starting 10 ms apart and doubling. The first
    // 11 errors outlast the client's retries, so JOSDK retries the reconcile as well.
    fixture.clientRetryBackoffMillis = 10;
    ApiFault errors =
        fixture.kubernetes.failRequests("PATCH", KubeFixture.statusPath("flaky"), 500, 14);
    PolicyOperator operator = fixture.startOperator("operator", null);

    createPolicies();

    fixture.awaitHealthy("flaky");
    assertThat(errors.applied()).isEqualTo(14);
    assertThat(registryReads(fixture.setups.get(0)))
        .as("JOSDK reconciled again once the client gave up")
        .isEqualTo(2);
    assertRetriedWithoutSideEffects(operator, 14);
  }

  private void createPolicies() {
    List<CmkSetup> setups = fixture.setups;
    fixture.create("flaky", setups.get(0));
    fixture.create("steady-1", setups.get(1));
    fixture.create("steady-2", setups.get(2));
  }

  private void assertRetriedWithoutSideEffects(PolicyOperator operator, int rejected) {
    List<ApiRequest> patches = fixture.statusPatches("flaky");
    assertThat(patches).hasSize(rejected + 1);
    assertThat(patches.subList(0, rejected))
        .allSatisfy(patch -> assertThat(patch.status()).isGreaterThanOrEqualTo(400));
    assertThat(patches.get(rejected).status()).isLessThan(300);
    assertThat(patches)
        .as("no OperatorError status was sent in place of the findings")
        .noneSatisfy(patch -> assertThat(patch.body()).contains("OperatorError"));
    for (String steady : List.of("steady-1", "steady-2")) {
      fixture.awaitHealthy(steady);
      assertThat(fixture.statusPatches(steady))
          .as("status patches of %s", steady)
          .singleElement()
          .satisfies(patch -> assertThat(patch.status()).isLessThan(300));
    }
    assertThat(readyRecoveredEvents()).as("Ready never left True, so it never recovered").isEmpty();
    assertThat(operator.notReadyReason()).isEmpty();
  }

  /** Counts the reads of a setup's registry, one for each reconcile of its policy. */
  private long registryReads(CmkSetup setup) {
    return fixture.azure.requestLog().forOperation("registries.get").stream()
        .filter(request -> request.path().endsWith("/" + setup.registryName()))
        .count();
  }

  private List<Event> readyRecoveredEvents() {
    return fixture
        .client
        .v1()
        .events()
        .inNamespace(KubeFixture.NAMESPACE)
        .list()
        .getItems()
        .stream()
        .filter(event -> "AllChecksPassed".equals(event.getReason()))
        .toList();
  }
}
