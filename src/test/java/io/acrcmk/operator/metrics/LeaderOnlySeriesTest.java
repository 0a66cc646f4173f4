package io.acrcmk.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.controller.LeaderElectionSettings;
import io.acrcmk.operator.controller.OperatorSettings;
import io.acrcmk.operator.controller.PolicyOperator;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs two replicas with leader election against one Kubernetes API: only the one holding the Lease
 * exports the per-policy series, although both caches hold the policy.
 */
class LeaderOnlySeriesTest {

  private static final String LEASE_NAMESPACE = "acr-cmk-system";

  @Test
  void exportsPolicySeriesOnlyFromLeader() throws Exception {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new LeaseReviewDispatcher(),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    try (AzureSimulator azure = AzureSimulator.start();
        NamespacedKubernetesClient first = server.createClient();
        NamespacedKubernetesClient second = server.createClient();
        OperatorMetrics firstMetrics = OperatorMetrics.create();
        OperatorMetrics secondMetrics = OperatorMetrics.create()) {
      first.resource(crd()).create();
      PolicyOperator leader = replica(first, azure, firstMetrics, "replica-a");
      leader.start();
      await().atMost(Duration.ofSeconds(10)).until(leader::isLeader);
      PolicyOperator standby = replica(second, azure, secondMetrics, "replica-b");
      standby.start();

      first.resource(suspendedPolicy(first)).create();
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> !scrape(firstMetrics).named(MetricNames.POLICY_READY).isEmpty());
      await().atMost(Duration.ofSeconds(10)).until(() -> standby.cachedPolicies().count() == 1);

      Exposition leading = scrape(firstMetrics);
      Exposition waiting = scrape(secondMetrics);
      assertThat(leading.value("acrcmk_leader", Map.of())).isEqualTo(1.0);
      assertThat(leading.value(MetricNames.POLICY_READY, Map.of("name", "paused"))).isEqualTo(-1.0);
      assertThat(leading.value(MetricNames.POLICY_CONDITION, Map.of("type", "Ready")))
          .isEqualTo(1.0);
      assertThat(leading.named(MetricNames.POLICY_CHECK_INTERVAL))
          .as("a suspended policy is not checked")
          .isEmpty();
      assertThat(standby.isLeader()).isFalse();
      assertThat(waiting.value("acrcmk_leader", Map.of())).isEqualTo(0.0);
      assertThat(waiting.names()).noneMatch(name -> name.startsWith("acrcmk_policy"));
      assertThat(standby.notReadyReason()).as("a waiting replica is ready").isEmpty();

      standby.close();
      leader.close();
    } finally {
      server.destroy();
    }
  }

  private static PolicyOperator replica(
      NamespacedKubernetesClient client,
      AzureSimulator azure,
      OperatorMetrics metrics,
      String identity) {
    return PolicyOperator.create(
        client,
        new AzureSnapshotLoader(azure.connection()),
        OperatorSettings.defaults(),
        new LeaderElectionSettings(
            LeaderElectionSettings.DEFAULT_LEASE_NAME, LEASE_NAMESPACE, identity, false),
        Clock.systemUTC(),
        metrics);
  }

  private static RegistryEncryptionPolicy suspendedPolicy(NamespacedKubernetesClient client) {
    String yaml =
        """
        apiVersion: acrcmk.io/v1alpha1
        kind: RegistryEncryptionPolicy
        metadata:
          name: paused
          namespace: platform
        spec:
          registry:
            resourceId: /subscriptions/7a3c9f2e-1b4d-4e8a-9c6f-2d5e8b1a4c70/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/pausedacr
          keyVault:
            resourceId: /subscriptions/7a3c9f2e-1b4d-4e8a-9c6f-2d5e8b1a4c70/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-paused
          key:
            name: acr-cmk
          identity:
            type: SystemAssigned
          suspend: true
        """;
    return client.getKubernetesSerialization().unmarshal(yaml, RegistryEncryptionPolicy.class);
  }

  private static CustomResourceDefinition crd() throws Exception {
    try (InputStream in =
        LeaderOnlySeriesTest.class
            .getClassLoader()
            .getResourceAsStream(EmbeddedKubernetes.CRD_RESOURCE)) {
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    }
  }

  private static Exposition scrape(OperatorMetrics metrics) {
    return Exposition.parse(metrics.scrape(OperatorMetrics.TEXT_FORMAT));
  }

  /**
   * The CRUD dispatcher, plus the permission review that java-operator-sdk sends before it competes
   * for the Lease. The review returns the rights that the chart's Lease Role grants.
   */
  private static final class LeaseReviewDispatcher extends KubernetesCrudDispatcher {

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
      if (!request.getPath().startsWith("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")) {
        return super.handleCreate(request);
      }
      String review =
          Serialization.asJson(
              new SelfSubjectRulesReviewBuilder()
                  .withNewStatus()
                  .addNewResourceRule()
                  .withApiGroups("coordination.k8s.io")
                  .withResources("leases")
                  .withVerbs("create", "get", "update")
                  .endResourceRule()
                  .withIncomplete(false)
                  .endStatus()
                  .build());
      return new MockResponse().setResponseCode(201).setBody(review);
    }
  }
}
