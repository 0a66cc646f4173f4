package io.acrcmk.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.acrcmk.operator.controller.PolicyOperator;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes.ApiFault;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes.ApiRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The policy watch closed by the API server, which then rejects new watches for a while. Policies
 * are checked only on events here (no check interval override), so a change made while the watch
 * was down is checked only if the informer catches up once the API server lets it watch again.
 */
class KubernetesWatchDropTest {

  /** The informer's watch of policies in all namespaces. */
  private static final String POLICY_WATCH =
      "/apis/acrcmk\\.io/v1alpha1/registryencryptionpolicies\\?.*watch=true.*";

  /** The informer's list and watch of policies in all namespaces. */
  private static final String POLICY_COLLECTION =
      "/apis/acrcmk\\.io/v1alpha1/registryencryptionpolicies(\\?.*)?";

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
  void changesWhileWatchDownAreChecked() {
    PolicyOperator operator = fixture.startOperator("operator", null);
    fixture.create("existing", fixture.setups.get(0));
    fixture.create("edited", fixture.setups.get(1));
    fixture.awaitHealthy("existing");
    fixture.awaitHealthy("edited");
    ApiFault rejected = fixture.kubernetes.failRequests("GET", POLICY_WATCH, 503, 0);

    assertThat(fixture.kubernetes.dropWatches(POLICY_WATCH, false)).isEqualTo(1);
    fixture.create("added", fixture.setups.get(2));
    assertThat(fixture.changeKeyExpiryWarning("edited", "48h").getMetadata().getGeneration())
        .isEqualTo(2L);
    await().atMost(KubeFixture.WAIT).until(() -> rejected.applied() >= 1);

    assertThat(fixture.statusPatches("added"))
        .as("status patches while the watch is down")
        .isEmpty();
    assertThat(fixture.get("edited").getStatus().getObservedGeneration()).isEqualTo(1L);
    fixture.kubernetes.clearFaults();
    fixture.awaitHealthy("added");
    fixture.awaitHealthy("edited");
    fixture.awaitHealthy("existing");
    assertThat(operator.notReadyReason()).isEmpty();
  }

  @Test
  void expiredWatchMakesInformerListAgain() {
    PolicyOperator operator = fixture.startOperator("operator", null);
    fixture.create("existing", fixture.setups.get(0));
    fixture.create("removed", fixture.setups.get(1));
    fixture.awaitHealthy("existing");
    fixture.awaitHealthy("removed");
    int listsBefore = informerLists().size();
    ApiFault rejected = fixture.kubernetes.failRequests("GET", POLICY_COLLECTION, 503, 0);

    assertThat(fixture.kubernetes.dropWatches(POLICY_WATCH, true)).isEqualTo(1);
    fixture.client.resource(fixture.get("removed")).delete();
    fixture.create("added", fixture.setups.get(2));
    await().atMost(KubeFixture.WAIT).until(() -> rejected.applied() >= 1);

    fixture.kubernetes.clearFaults();
    fixture.awaitHealthy("added");
    await()
        .atMost(KubeFixture.WAIT)
        .untilAsserted(
            () ->
                assertThat(operator.cachedPolicies().map(policy -> policy.getMetadata().getName()))
                    .as("informer cache after listing again")
                    .containsExactlyInAnyOrder("existing", "added"));
    assertThat(informerLists()).as("accepted lists of policies").hasSizeGreaterThan(listsBefore);
    assertThat(fixture.get("removed")).as("deleted policy").isNull();
    assertThat(fixture.statusPatches("removed"))
        .as("the deleted policy is not written to after its deletion")
        .allSatisfy(patch -> assertThat(patch.status()).isLessThan(300));
    fixture.awaitHealthy("existing");
    assertThat(operator.notReadyReason()).isEmpty();
  }

  /** Returns the lists of policies that the API server returned to the operator's informer. */
  private List<ApiRequest> informerLists() {
    return fixture.kubernetes.requests().stream()
        .filter(request -> "operator".equals(request.userAgent()))
        .filter(request -> "GET".equals(request.method()))
        .filter(request -> request.path().matches(POLICY_COLLECTION))
        .filter(request -> !request.path().contains("watch=true"))
        .filter(request -> request.status() == 200)
        .toList();
  }
}
