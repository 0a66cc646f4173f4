package io.acrcmk.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.acrcmk.operator.controller.PolicyOperator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.Fault;
import io.acrcmk.operator.sandbox.FaultRule;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes.ApiRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A policy deleted while its check waits on a slow Azure read. The status patch that ends the check
 * finds the policy gone. The operator must drop the policy quietly, neither recreate it nor retry,
 * and keep checking the others.
 */
class KubernetesDeleteMidReconcileTest {

  private static final Duration SLOW_READ = Duration.ofSeconds(2);

  /** Longer than JOSDK's first retry delay of 2 s, so a retry would show within it. */
  private static final Duration QUIET_PERIOD = Duration.ofSeconds(3);

  private KubeFixture fixture;
  private KubeLogCapture logs;

  @BeforeEach
  void start() {
    fixture = KubeFixture.start(2);
    logs = new KubeLogCapture();
  }

  @AfterEach
  void stop() {
    logs.close();
    fixture.close();
  }

  @Test
  void deletedPolicyIsDroppedQuietly() {
    CmkSetup doomedSetup = fixture.setups.get(0);
    FaultRule slowRead =
        fixture
            .azure
            .faults()
            .inject(
                FaultRule.forOperation("registries.get", Fault.delay(SLOW_READ))
                    .withPath(".*/registries/" + doomedSetup.registryName())
                    .times(1));
    PolicyOperator operator = fixture.startOperator("operator", Duration.ofSeconds(1));
    fixture.create("doomed", doomedSetup);
    fixture.create("kept", fixture.setups.get(1));
    await().atMost(KubeFixture.WAIT).until(() -> slowRead.applied() == 1);

    fixture.client.resource(fixture.get("doomed")).delete();

    ApiRequest patch =
        await()
            .atMost(KubeFixture.WAIT)
            .until(() -> fixture.statusPatches("doomed"), patches -> !patches.isEmpty())
            .get(0);
    assertThat(patch.status()).as("status patch of the deleted policy").isEqualTo(404);
    String keptCheck = fixture.awaitHealthy("kept").getLastCheckTime();
    await()
        .during(QUIET_PERIOD)
        .atMost(QUIET_PERIOD.plusSeconds(2))
        .untilAsserted(
            () -> {
              assertThat(fixture.get("doomed")).as("deleted policy").isNull();
              assertThat(fixture.statusPatches("doomed")).as("status patches").hasSize(1);
              assertThat(doomedRegistryReads()).as("checks of the deleted policy").isEqualTo(1);
            });
    assertThat(writesThatRecreated("doomed")).isEmpty();
    assertThat(logs.warningsAbout("doomed")).isEmpty();
    KubeFixture.assertHealthy(fixture.get("kept"));
    assertThat(fixture.get("kept").getStatus().getLastCheckTime())
        .as("the other policy is still checked")
        .isNotEqualTo(keptCheck);
    assertThat(operator.notReadyReason()).isEmpty();
  }

  private long doomedRegistryReads() {
    String registry = fixture.setups.get(0).registryName();
    return fixture.azure.requestLog().forOperation("registries.get").stream()
        .filter(request -> request.path().endsWith("/" + registry))
        .count();
  }

  /** Returns the requests after the first that could have created the policy again. */
  private List<ApiRequest> writesThatRecreated(String name) {
    String collection =
        "/apis/acrcmk\\.io/v1alpha1/namespaces/"
            + KubeFixture.NAMESPACE
            + "/registryencryptionpolicies";
    return fixture.kubernetes.requests().stream()
        .filter(request -> request.status() < 300)
        .filter(
            request ->
                ("POST".equals(request.method()) && request.path().matches(collection + "(\\?.*)?"))
                    || ("PUT".equals(request.method())
                        && request.path().matches(collection + "/" + name + "(/status)?(\\?.*)?")))
        .filter(request -> request.body().contains("\"name\":\"" + name + "\""))
        .skip(1)
        .toList();
  }
}
