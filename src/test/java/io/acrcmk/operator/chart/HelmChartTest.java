package io.acrcmk.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Renders and lints the Helm chart with Helm itself and checks what it would install. */
class HelmChartTest {

  private static final String FULLNAME = RenderedChart.RELEASE + "-acr-cmk-operator";
  private static final String CLIENT_ID = "0f3b6e2a-8d41-4c7e-9a15-3b2c1d0e4f5a";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @Test
  void lintsCleanInStrictMode() {
    LintResult result = new Helm(ChartFiles.path(ChartFiles.CHART)).lint().strict().call();

    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
  }

  @Test
  void chartCrdIsTheRepositoryCrd() {
    String committed = ChartFiles.read("crds/registryencryptionpolicies.acrcmk.io-v1.yml");

    String inChart =
        ChartFiles.read(ChartFiles.CHART + "/crds/registryencryptionpolicies.acrcmk.io-v1.yml");

    assertThat(inChart)
        .as(
            "the chart's CRD differs from crds/; copy it with: cp"
                + " crds/registryencryptionpolicies.acrcmk.io-v1.yml "
                + ChartFiles.CHART
                + "/crds/")
        .isEqualTo(committed);
  }

  @Test
  void runsAsRestrictedNonRootPod() {
    Deployment deployment = RenderedChart.render().typed("Deployment", Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(container.getSecurityContext().getPrivileged()).isNull();
    assertThat(pod.getHostNetwork()).isNull();
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(container.getVolumeMounts())
        .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
    assertThat(pod.getVolumes()).anySatisfy(volume -> assertThat(volume.getEmptyDir()).isNotNull());
  }

  @Test
  void probesTheMetricsPort() {
    Container container = container(RenderedChart.render());

    assertThat(container.getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getName()).isEqualTo("metrics");
              assertThat(port.getContainerPort()).isEqualTo(8080);
            });
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(env(container)).containsEntry("METRICS_PORT", "8080");
  }

  @Test
  void grantsOnlyPolicyStatusAndEventRights() {
    ClusterRole role = RenderedChart.render().typed("ClusterRole", ClusterRole.class);

    assertThat(rules(role.getRules()))
        .containsExactlyInAnyOrder(
            "acrcmk.io/registryencryptionpolicies: get,list,watch",
            "acrcmk.io/registryencryptionpolicies/status: get,patch,update",
            "/events: create,patch");
  }

  @Test
  void limitsLeaseRightsToTheOperatorsLease() {
    RenderedChart chart = RenderedChart.render();
    Role role = chart.typed("Role", Role.class);

    assertThat(role.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(rules(role.getRules()))
        .containsExactlyInAnyOrder(
            "coordination.k8s.io/leases: create",
            "coordination.k8s.io/leases[acr-cmk-operator-leader]: get,update,patch");
    assertThat(chart.one("RoleBinding").path("subjects").get(0).path("name").asText())
        .isEqualTo(FULLNAME);
  }

  @Test
  void leaseNameValueNamesLeaseAndRole() {
    RenderedChart chart =
        RenderedChart.render(
            Map.of("operator", Map.of("leaderElection", Map.of("leaseName", "shard-b.leader"))));

    assertThat(rules(chart.typed("Role", Role.class).getRules()))
        .contains("coordination.k8s.io/leases[shard-b.leader]: get,update,patch");
    assertThat(env(container(chart))).containsEntry("LEASE_NAME", "shard-b.leader");
  }

  @Test
  void grantsNothingOnSecretsOrWildcards() {
    RenderedChart chart =
        RenderedChart.render(Map.of("operator", Map.of("watchNamespaces", List.of("team-a"))));

    for (JsonNode document : chart.documents()) {
      for (JsonNode rule : document.path("rules")) {
        assertThat(rule.path("resources").toString()).doesNotContain("secrets", "\"*\"");
        assertThat(rule.path("verbs").toString()).doesNotContain("\"*\"");
        assertThat(rule.path("apiGroups").toString()).doesNotContain("\"*\"");
      }
    }
  }

  @Test
  void bindsClusterWideWhenWatchingAllNamespaces() {
    RenderedChart chart = RenderedChart.render();

    JsonNode binding = chart.one("ClusterRoleBinding");
    assertThat(binding.path("roleRef").path("name").asText()).isEqualTo(FULLNAME);
    assertThat(binding.path("subjects").get(0).path("namespace").asText())
        .isEqualTo(RenderedChart.NAMESPACE);
    assertThat(env(container(chart))).containsEntry("WATCH_NAMESPACES", "");
  }

  @Test
  void grantsRolesOnlyInWatchedNamespaces() {
    RenderedChart chart =
        RenderedChart.render(
            Map.of("operator", Map.of("watchNamespaces", List.of("team-a", "team-b"))));

    assertThat(chart.find("ClusterRole")).isEmpty();
    assertThat(chart.find("ClusterRoleBinding")).isEmpty();
    List<JsonNode> policyRoles =
        chart.all("Role").stream()
            .filter(role -> role.path("metadata").path("name").asText().equals(FULLNAME))
            .toList();
    assertThat(policyRoles)
        .extracting(role -> role.path("metadata").path("namespace").asText())
        .containsExactlyInAnyOrder("team-a", "team-b");
    for (JsonNode role : policyRoles) {
      assertThat(rules(SERIALIZATION.convertValue(role, Role.class).getRules()))
          .containsExactlyInAnyOrder(
              "acrcmk.io/registryencryptionpolicies: get,list,watch",
              "acrcmk.io/registryencryptionpolicies/status: get,patch,update",
              "/events: create,patch");
    }
    List<JsonNode> policyBindings =
        chart.all("RoleBinding").stream()
            .filter(binding -> binding.path("roleRef").path("name").asText().equals(FULLNAME))
            .toList();
    assertThat(policyBindings)
        .extracting(binding -> binding.path("metadata").path("namespace").asText())
        .containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(policyBindings)
        .allSatisfy(
            binding -> {
              assertThat(binding.path("roleRef").path("kind").asText()).isEqualTo("Role");
              assertThat(binding.path("subjects").get(0).path("namespace").asText())
                  .isEqualTo(RenderedChart.NAMESPACE);
            });
    assertThat(env(container(chart))).containsEntry("WATCH_NAMESPACES", "team-a,team-b");
  }

  @Test
  void annotatesServiceAccountForWorkloadIdentity() {
    RenderedChart chart =
        RenderedChart.render(Map.of("workloadIdentity", Map.of("clientId", CLIENT_ID)));

    JsonNode account = chart.one("ServiceAccount");
    assertThat(
            account
                .path("metadata")
                .path("annotations")
                .path("azure.workload.identity/client-id")
                .asText())
        .isEqualTo(CLIENT_ID);
    Deployment deployment = chart.typed("Deployment", Deployment.class);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("azure.workload.identity/use", "true");
    assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(account.path("metadata").path("name").asText());
  }

  @Test
  void leavesOutWorkloadIdentityWhenDisabled() {
    RenderedChart chart =
        RenderedChart.render(Map.of("workloadIdentity", Map.of("enabled", false)));

    assertThat(
            chart
                .typed("Deployment", Deployment.class)
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels())
        .doesNotContainKey("azure.workload.identity/use");
    assertThat(chart.one("ServiceAccount").path("metadata").has("annotations")).isFalse();
  }

  @Test
  void passesOperatorOptionsToContainer() {
    Map<String, Object> operator = new LinkedHashMap<>();
    operator.put("labelSelector", "shard=a");
    operator.put("concurrency", 4);
    operator.put("azureCloud", "AzureChinaCloud");
    operator.put("azureRequestTimeout", "45s");
    operator.put("logLevel", "DEBUG");
    operator.put("logFormat", "plain");
    operator.put("leaderElection", Map.of("enabled", false));
    operator.put("extraArgs", List.of("--arm-endpoint=https://management.chinacloudapi.cn/"));
    RenderedChart chart = RenderedChart.render(Map.of("operator", operator));

    Container container = container(chart);
    assertThat(env(container))
        .containsEntry("WATCH_LABEL_SELECTOR", "shard=a")
        .containsEntry("RECONCILE_CONCURRENCY", "4")
        .containsEntry("AZURE_CLOUD", "AzureChinaCloud")
        .containsEntry("AZURE_REQUEST_TIMEOUT", "45s")
        .containsEntry("LOG_LEVEL", "DEBUG")
        .containsEntry("LOG_FORMAT", "plain");
    assertThat(container.getArgs())
        .containsExactly(
            "run", "--no-leader-election", "--arm-endpoint=https://management.chinacloudapi.cn/");
    assertThat(chart.find("Role")).as("no Lease Role without leader election").isEmpty();
  }

  @Test
  void takesLeaseSettingsFromDownwardApi() {
    Container container = container(RenderedChart.render());

    assertThat(container.getArgs()).containsExactly("run", "--leader-election");
    assertThat(container.getEnv())
        .anySatisfy(
            env -> {
              assertThat(env.getName()).isEqualTo("POD_NAMESPACE");
              assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                  .isEqualTo("metadata.namespace");
            })
        .anySatisfy(
            env -> {
              assertThat(env.getName()).isEqualTo("POD_NAME");
              assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                  .isEqualTo("metadata.name");
            });
  }

  @Test
  void rendersMonitoringResourcesOnlyWhenEnabled() {
    RenderedChart defaults = RenderedChart.render();
    assertThat(defaults.find("ServiceMonitor")).isEmpty();
    assertThat(defaults.find("PrometheusRule")).isEmpty();
    assertThat(defaults.find("ConfigMap")).isEmpty();
    assertThat(
            defaults.one("Service").path("spec").path("ports").get(0).path("targetPort").asText())
        .isEqualTo("metrics");

    RenderedChart enabled =
        RenderedChart.render(
            Map.of(
                "metrics",
                    Map.of(
                        "serviceMonitor",
                        Map.of("enabled", true, "labels", Map.of("release", "prom"))),
                "prometheusRule", Map.of("enabled", true),
                "grafanaDashboard", Map.of("enabled", true)));
    JsonNode monitor = enabled.one("ServiceMonitor");
    assertThat(monitor.path("metadata").path("labels").path("release").asText()).isEqualTo("prom");
    JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
    assertThat(endpoint.path("port").asText()).isEqualTo("metrics");
    assertThat(endpoint.path("honorLabels").asBoolean()).isTrue();
    JsonNode serviceLabels = enabled.one("Service").path("metadata").path("labels");
    monitor
        .path("spec")
        .path("selector")
        .path("matchLabels")
        .fields()
        .forEachRemaining(
            label ->
                assertThat(serviceLabels.path(label.getKey()))
                    .as(label.getKey())
                    .isEqualTo(label.getValue()));
    assertThat(enabled.one("PrometheusRule").path("spec").path("groups").size()).isEqualTo(1);
    assertThat(
            enabled
                .one("ConfigMap")
                .path("metadata")
                .path("labels")
                .path("grafana_dashboard")
                .asText())
        .isEqualTo("1");
  }

  @Test
  void prometheusRuleHoldsThePlainRuleFile() throws Exception {
    assertThat(ChartFiles.read(ChartFiles.CHART_RULES))
        .as(
            "the chart's rules differ; copy them with: cp %s %s",
            ChartFiles.RULES, ChartFiles.CHART_RULES)
        .isEqualTo(ChartFiles.read(ChartFiles.RULES));

    JsonNode rendered =
        RenderedChart.render(Map.of("prometheusRule", Map.of("enabled", true)))
            .one("PrometheusRule")
            .path("spec")
            .path("groups");

    assertThat(rendered).isEqualTo(ChartFiles.rules().path("groups"));
  }

  @Test
  void pointsRunbookLinksAtTheConfiguredBase() {
    JsonNode groups =
        RenderedChart.render(
                Map.of(
                    "prometheusRule",
                    Map.of("enabled", true, "runbookBaseURL", "https://wiki.example.com/acr-cmk")))
            .one("PrometheusRule")
            .path("spec")
            .path("groups");

    for (JsonNode rule : groups.get(0).path("rules")) {
      assertThat(rule.path("annotations").path("runbook_url").asText())
          .isEqualTo(
              "https://wiki.example.com/acr-cmk#" + rule.path("alert").asText().toLowerCase());
    }
  }

  @Test
  void dashboardConfigMapHoldsTheDashboard() throws Exception {
    JsonNode configMap =
        RenderedChart.render(
                Map.of("grafanaDashboard", Map.of("enabled", true, "namespace", "grafana")))
            .one("ConfigMap");

    assertThat(configMap.path("metadata").path("namespace").asText()).isEqualTo("grafana");
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(configMap.path("data").path("acr-cmk-operator.json").asText()))
        .isEqualTo(json.readTree(ChartFiles.read(ChartFiles.DASHBOARD)));
  }

  @Test
  void budgetsDisruptionsWithEitherBound() {
    JsonNode byDefault = RenderedChart.render().one("PodDisruptionBudget").path("spec");
    assertThat(byDefault.path("maxUnavailable").asInt()).isEqualTo(1);
    assertThat(byDefault.has("minAvailable")).isFalse();

    JsonNode minimum =
        RenderedChart.render(
                Map.of("replicaCount", 3, "podDisruptionBudget", Map.of("minAvailable", 2)))
            .one("PodDisruptionBudget")
            .path("spec");
    assertThat(minimum.path("minAvailable").asInt()).isEqualTo(2);
    assertThat(minimum.has("maxUnavailable")).isFalse();
  }

  @Test
  void requiresServiceForServiceMonitor() {
    assertThatThrownBy(
            () ->
                RenderedChart.render(
                    Map.of(
                        "metrics",
                        Map.of(
                            "service", Map.of("enabled", false),
                            "serviceMonitor", Map.of("enabled", true)))))
        .hasMessageContaining("metrics.serviceMonitor.enabled needs metrics.service.enabled");
  }

  static List<Arguments> badValues() {
    return List.of(
        Arguments.of(Map.of("replicas", 2), "replicas"),
        Arguments.of(Map.of("operator", Map.of("logFormat", "xml")), "logFormat"),
        Arguments.of(Map.of("operator", Map.of("logLevel", "verbose")), "logLevel"),
        Arguments.of(Map.of("operator", Map.of("azureCloud", "AzureGermanCloud")), "azureCloud"),
        Arguments.of(
            Map.of("operator", Map.of("azureRequestTimeout", "30 seconds")), "azureRequestTimeout"),
        Arguments.of(
            Map.of("operator", Map.of("azureRequestTimeout", "0s")), "azureRequestTimeout"),
        Arguments.of(
            Map.of("operator", Map.of("azureRequestTimeout", "0m0.0s")), "azureRequestTimeout"),
        Arguments.of(
            Map.of("operator", Map.of("watchNamespaces", List.of("team-a", "team-a"))),
            "watchNamespaces"),
        Arguments.of(Map.of("operator", Map.of("concurrency", 0)), "concurrency"),
        Arguments.of(
            Map.of("operator", Map.of("watchNamespaces", List.of("Team_A"))), "watchNamespaces"),
        Arguments.of(
            Map.of("operator", Map.of("leaderElection", Map.of("leaseName", "Shard_B"))),
            "leaseName"),
        Arguments.of(Map.of("replicaCount", 0), "replicaCount"),
        Arguments.of(Map.of("metrics", Map.of("port", 70000)), "port"),
        Arguments.of(Map.of("workloadIdentity", Map.of("clientId", "my-identity")), "clientId"),
        Arguments.of(Map.of("image", Map.of("pullPolicy", "Sometimes")), "pullPolicy"),
        Arguments.of(Map.of("image", Map.of("repository", "")), "repository"),
        Arguments.of(
            Map.of("podDisruptionBudget", Map.of("maxUnavailable", "half")), "maxUnavailable"),
        Arguments.of(
            Map.of("prometheusRule", Map.of("runbookBaseURL", "docs/runbook.md")),
            "runbookBaseURL"));
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void rejectsValuesTheSchemaForbids(Map<String, Object> values, String key) {
    assertThatThrownBy(() -> RenderedChart.render(values))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(key);
  }

  @Test
  void documentsEveryValue() throws Exception {
    JsonNode schema =
        new ObjectMapper().readTree(ChartFiles.read(ChartFiles.CHART + "/values.schema.json"));
    JsonNode values = new YAMLMapper().readTree(ChartFiles.read(ChartFiles.CHART + "/values.yaml"));
    List<String> lines = ChartFiles.read(ChartFiles.CHART + "/values.yaml").lines().toList();

    List<String> undocumented = ValuesDocumentation.keysWithoutComment(lines, schema);
    List<String> withoutDescription = ValuesDocumentation.propertiesWithoutDescription(schema);
    List<String> missingDefaults = ValuesDocumentation.propertiesWithoutDefault(schema, values);

    assertThat(undocumented).as("keys of values.yaml without a comment above").isEmpty();
    assertThat(withoutDescription).as("schema properties without a description").isEmpty();
    assertThat(missingDefaults).as("schema properties missing from values.yaml").isEmpty();
  }

  private static Container container(RenderedChart chart) {
    return chart
        .typed("Deployment", Deployment.class)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  private static Map<String, String> env(Container container) {
    return container.getEnv().stream()
        .filter(env -> env.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  /** Renders each rule as "group/resource[names]: verbs" for exact comparison. */
  private static List<String> rules(List<PolicyRule> rules) {
    return rules.stream()
        .flatMap(
            rule ->
                rule.getResources().stream()
                    .map(
                        resource ->
                            String.join(",", rule.getApiGroups())
                                + "/"
                                + resource
                                + (rule.getResourceNames().isEmpty()
                                    ? ""
                                    : rule.getResourceNames().toString())
                                + ": "
                                + String.join(",", rule.getVerbs())))
        .toList();
  }
}
