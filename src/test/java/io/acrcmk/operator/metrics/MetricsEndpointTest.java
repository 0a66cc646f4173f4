package io.acrcmk.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.HealOutcome;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.azure.AzureRetryOptions;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.azure.SubscriptionBudgets;
import io.acrcmk.operator.chart.AzureRoles;
import io.acrcmk.operator.chart.ChartFiles;
import io.acrcmk.operator.controller.OperatorSettings;
import io.acrcmk.operator.controller.PolicyOperator;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.HealthySetup;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the real operator against the Azure simulator and the embedded Kubernetes API, then scrapes
 * its metrics endpoint over HTTP.
 */
class MetricsEndpointTest {

  static final String NAMESPACE = "platform";
  private static final List<String> POLICIES =
      List.of("healthy", "unassigned", "deletedkey", "rbac", "deletedvault");
  private static final Duration INTERVAL = Duration.ofMinutes(10);
  private static final Set<String> PER_POLICY =
      Set.of(
          MetricNames.POLICY_CONDITION,
          MetricNames.POLICY_READY,
          MetricNames.KEY_EXPIRY_TIMESTAMP,
          MetricNames.LAST_CHECK_TIMESTAMP,
          MetricNames.POLICY_CHECK_INTERVAL);

  private static AzureSimulator azure;
  private static EmbeddedKubernetes kubernetes;
  private static OperatorMetrics metrics;
  private static PolicyOperator operator;
  private static MetricsServer server;
  private static HttpClient http;
  private static CmkSetup healthy;
  private static Instant healthyKeyExpiry;

  @BeforeAll
  static void startOperator() {
    azure = AzureSimulator.start();
    kubernetes = EmbeddedKubernetes.start();
    healthy = setup("healthy").seed(azure);
    healthyKeyExpiry = Instant.now().plus(Duration.ofDays(90)).truncatedTo(ChronoUnit.SECONDS);
    azure
        .mutations()
        .keys()
        .setExpiry(
            healthy.vaultName(), healthy.keyName(), healthy.currentKeyVersion(), healthyKeyExpiry);
    CmkSetup unassigned = setup("unassigned").seed(azure);
    azure.mutations().detachIdentity(unassigned.registryId(), unassigned.identityId());
    CmkSetup deletedKey = setup("deletedkey").seed(azure);
    azure.mutations().keys().softDelete(deletedKey.vaultName(), deletedKey.keyName());
    CmkSetup rbac = setup("rbac").rbacVault().seed(azure);
    CmkSetup deletedVault = setup("deletedvault").seed(azure);
    azure.mutations().deleteVault(deletedVault.vaultId());
    Map<String, CmkSetup> policies = new LinkedHashMap<>();
    policies.put("healthy", healthy);
    policies.put("unassigned", unassigned);
    policies.put("deletedkey", deletedKey);
    policies.put("rbac", rbac);
    policies.put("deletedvault", deletedVault);

    metrics = OperatorMetrics.create();
    SubscriptionBudgets readBudgets = SubscriptionBudgets.armReadLimits();
    metrics.exportReadBudgets(readBudgets);
    operator =
        PolicyOperator.create(
            kubernetes.client(),
            new AzureSnapshotLoader(
                azure.connection().withAdditionalPolicies(List.of(metrics.azureRequestPolicy())),
                AzureRetryOptions.DEFAULT,
                Clock.systemUTC(),
                readBudgets,
                null),
            OperatorSettings.defaults().withCheckIntervalOverride(INTERVAL),
            null,
            Clock.systemUTC(),
            metrics);
    server =
        MetricsServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            metrics,
            operator::notReadyReason);
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    operator.start();
    policies.forEach(MetricsEndpointTest::create);
    policies.keySet().forEach(MetricsEndpointTest::awaitChecked);
  }

  @AfterAll
  static void stopOperator() {
    if (server != null) {
      server.close();
    }
    if (operator != null) {
      operator.close();
    }
    if (metrics != null) {
      metrics.close();
    }
    if (kubernetes != null) {
      kubernetes.close();
    }
    if (azure != null) {
      azure.close();
    }
  }

  @Test
  void exportsOneSeriesPerCondition() throws Exception {
    Exposition scraped = scrape();

    for (String name : POLICIES) {
      Set<Map<String, String>> expected = new HashSet<>();
      for (Condition condition : stored(name).getStatus().getConditions()) {
        expected.add(
            Map.of(
                "namespace",
                NAMESPACE,
                "name",
                name,
                "registry",
                "acr" + name,
                "type",
                condition.getType(),
                "status",
                condition.getStatus(),
                "reason",
                condition.getReason()));
      }
      Set<Map<String, String>> exported =
          scraped.named(MetricNames.POLICY_CONDITION, Map.of("name", name)).stream()
              .peek(sample -> assertThat(sample.value()).isEqualTo(1.0))
              .map(Sample::labels)
              .collect(Collectors.toSet());
      assertThat(exported).as("condition series of %s", name).isEqualTo(expected);
      assertThat(exported).hasSize(ConditionTypes.CHECKED.size() + 1);
    }
  }

  @Test
  void reportsReadyValueAndReason() throws Exception {
    Exposition scraped = scrape();

    assertThat(scraped.value(MetricNames.POLICY_READY, labels("healthy"))).isEqualTo(1.0);
    assertThat(scraped.value(MetricNames.POLICY_READY, labels("unassigned"))).isEqualTo(0.0);
    assertThat(scraped.value(MetricNames.POLICY_READY, labels("deletedkey"))).isEqualTo(0.0);
    assertThat(scraped.value(MetricNames.POLICY_READY, labels("rbac"))).isEqualTo(1.0);
    assertThat(scraped.value(MetricNames.POLICY_READY, labels("deletedvault"))).isEqualTo(0.0);
    assertThat(readyReason(scraped, "healthy")).isEqualTo("AllChecksPassed");
    assertThat(readyReason(scraped, "unassigned")).isEqualTo("IdentityNotAssigned");
    assertThat(readyReason(scraped, "deletedkey")).isEqualTo("KeySoftDeleted");
    assertThat(readyReason(scraped, "rbac")).isEqualTo("AllChecksPassed");
    assertThat(readyReason(scraped, "deletedvault")).isEqualTo("VaultSoftDeleted");
  }

  @Test
  void exportsCheckTimesKeyExpiryAndInterval() throws Exception {
    Exposition scraped = scrape();

    for (String name : POLICIES) {
      Instant lastCheck = Instant.parse(stored(name).getStatus().getLastCheckTime());
      assertThat(scraped.value(MetricNames.LAST_CHECK_TIMESTAMP, labels(name)))
          .isEqualTo(lastCheck.getEpochSecond());
      assertThat(scraped.value(MetricNames.POLICY_CHECK_INTERVAL, labels(name)))
          .isEqualTo(INTERVAL.toSeconds());
    }
    assertThat(scraped.value(MetricNames.KEY_EXPIRY_TIMESTAMP, labels("healthy")))
        .isEqualTo(healthyKeyExpiry.getEpochSecond());
    assertThat(scraped.named(MetricNames.KEY_EXPIRY_TIMESTAMP, Map.of("name", "unassigned")))
        .as("a key version without expiry has no expiry series")
        .isEmpty();
  }

  @Test
  void dropsDeletedPolicysSeriesOnNextScrape() throws Exception {
    create("shortlived", healthy);
    awaitChecked("shortlived");
    assertThat(perPolicySamples(scrape(), "shortlived")).isNotEmpty();

    kubernetes.client().resource(stored("shortlived")).delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                operator
                    .cachedPolicies()
                    .noneMatch(p -> p.getMetadata().getName().equals("shortlived")));
    Exposition next = scrape();

    assertThat(perPolicySamples(next, "shortlived")).isEmpty();
    assertThat(next.named(MetricNames.POLICY_READY, labels("healthy"))).hasSize(1);
  }

  @Test
  void countsAzureRequestsByActionAndCode() throws Exception {
    Exposition scraped = scrape();
    String requests = "acrcmk_azure_requests_total";

    assertThat(requestCount(scraped, "arm", "Microsoft.ContainerRegistry/registries/read", "200"))
        .isGreaterThanOrEqualTo(3);
    assertThat(
            requestCount(
                scraped, "arm", "Microsoft.ManagedIdentity/userAssignedIdentities/read", "200"))
        .isGreaterThanOrEqualTo(3);
    assertThat(requestCount(scraped, "arm", "Microsoft.KeyVault/vaults/read", "200"))
        .isGreaterThanOrEqualTo(3);
    assertThat(requestCount(scraped, "arm", "Microsoft.KeyVault/vaults/keys/read", "404"))
        .as("the soft-deleted key is not found through ARM")
        .isGreaterThanOrEqualTo(1);
    assertThat(requestCount(scraped, "arm", "Microsoft.KeyVault/vaults/keys/versions/read", "200"))
        .isGreaterThanOrEqualTo(2);
    assertThat(
            requestCount(scraped, "keyvault", "Microsoft.KeyVault/vaults/deletedKeys/read", "200"))
        .as("the deleted key is read on the data plane, after its authentication challenge")
        .isGreaterThanOrEqualTo(1);
    assertThat(requestCount(scraped, "arm", "Microsoft.KeyVault/deletedVaults/read", "200"))
        .as("the deleted vault is found in the subscription's deleted vaults")
        .isGreaterThanOrEqualTo(1);
    assertThat(requestCount(scraped, "arm", "Microsoft.Authorization/roleAssignments/read", "200"))
        .isGreaterThanOrEqualTo(1);
    assertThat(requestCount(scraped, "arm", "Microsoft.Authorization/roleDefinitions/read", "200"))
        .isGreaterThanOrEqualTo(1);
    assertThat(scraped.named(requests))
        .extracting(sample -> sample.label("operation"))
        .doesNotContain(AzureOperations.OTHER);
  }

  @Test
  void readerRoleAllowsEveryRequest() throws Exception {
    Set<String> allowed = AzureRoles.permissions("deploy/azure/acr-cmk-operator-reader.json");

    Set<String> made =
        scrape().named("acrcmk_azure_requests_total").stream()
            .map(sample -> sample.label("operation"))
            .collect(Collectors.toSet());

    assertThat(made).hasSizeGreaterThanOrEqualTo(9);
    assertThat(allowed).containsAll(made);
  }

  @Test
  void exportsReadQuotaPerSubscription() throws Exception {
    Exposition scraped = scrape();
    String subscription = healthy.subscriptionId().toLowerCase(Locale.ROOT);

    assertThat(scraped.named(MetricNames.AZURE_REMAINING_READS))
        .extracting(sample -> sample.label(MetricNames.LABEL_SUBSCRIPTION))
        .containsExactly(subscription);
    assertThat(
            scraped.value(
                MetricNames.AZURE_REMAINING_READS,
                Map.of(MetricNames.LABEL_SUBSCRIPTION, subscription)))
        .isPositive();
    assertThat(scraped.named(MetricNames.AZURE_READ_BUDGET_TOKENS))
        .extracting(sample -> sample.label(MetricNames.LABEL_SUBSCRIPTION))
        .contains(subscription);
  }

  @Test
  void timesEachCheck() throws Exception {
    Exposition scraped = scrape();

    double count = scraped.value("acrcmk_check_duration_seconds_count", Map.of());
    assertThat(count).isGreaterThanOrEqualTo(3);
    assertThat(scraped.value("acrcmk_check_duration_seconds_bucket", Map.of("le", "+Inf")))
        .isEqualTo(count);
    assertThat(scraped.value("acrcmk_check_duration_seconds_sum", Map.of())).isPositive();
  }

  @Test
  void exportsHealCountersAtZero() throws Exception {
    List<Sample> heals = scrape().named("acrcmk_heal_actions_total");

    assertThat(heals).hasSize(4 * HealOutcome.values().length);
    assertThat(heals).allSatisfy(sample -> assertThat(sample.value()).isZero());
  }

  @Test
  void keepsOtherMetricsFreeOfPolicyNames() throws Exception {
    Exposition scraped = scrape();

    assertThat(scraped.value("acrcmk_leader", Map.of())).isEqualTo(1.0);
    assertThat(scraped.names())
        .contains(
            "operator_sdk_reconciliations_started_total",
            "operator_sdk_controllers_execution_reconcile_seconds_count",
            "jvm_memory_used_bytes",
            "process_cpu_usage");
    Set<String> policyNames = Set.copyOf(POLICIES);
    assertThat(scraped.samples())
        .filteredOn(sample -> !PER_POLICY.contains(sample.name()))
        .allSatisfy(
            sample ->
                assertThat(sample.labels().values())
                    .as("labels of %s", sample.name())
                    .doesNotContainAnyElementsOf(policyNames));
  }

  @Test
  void servesOpenMetricsWhenAsked() throws Exception {
    HttpResponse<String> response =
        get("/metrics", "application/openmetrics-text;version=1.0.0,text/plain;q=0.5");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue(OperatorMetrics.OPENMETRICS_FORMAT);
    assertThat(response.body()).endsWith("# EOF\n");
    assertThat(response.body())
        .contains("# UNIT acrcmk_key_expiry_timestamp_seconds seconds")
        .contains("acrcmk_policy_ready{name=\"healthy\",namespace=\"platform\"");
  }

  @Test
  void servesTextFormatByDefault() throws Exception {
    HttpResponse<String> response = get("/metrics", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(OperatorMetrics.TEXT_FORMAT);
    assertThat(response.body()).contains("# TYPE acrcmk_policy_condition gauge");
  }

  @Test
  void answersProbesOnceStarted() throws Exception {
    assertThat(get("/healthz", null).statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get("/readyz", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("ok\n");
  }

  @Test
  void rejectsUnknownPathsAndMethods() throws Exception {
    assertThat(get("/metricsx", null).statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void dashboardQueriesUseExportedMetrics() throws Exception {
    Set<String> exported = scrape().names();

    Set<String> used = ChartFiles.dashboardMetricNames();

    assertThat(used).isNotEmpty().allSatisfy(name -> assertThat(exported).contains(name));
  }

  @Test
  void alertRulesUseExportedMetrics() throws Exception {
    Set<String> exported = new HashSet<>(scrape().names());
    // Prometheus itself writes up for every target.
    exported.add("up");

    Set<String> used = ChartFiles.alertRuleMetricNames();

    assertThat(used).isNotEmpty().allSatisfy(name -> assertThat(exported).contains(name));
  }

  private static HealthySetup setup(String name) {
    return HealthySetup.builder()
        .registryName("acr" + name)
        .vaultName("kv-" + name)
        .identityName("id-" + name);
  }

  private static void create(String name, CmkSetup setup) {
    String yaml =
        """
        apiVersion: acrcmk.io/v1alpha1
        kind: RegistryEncryptionPolicy
        metadata:
          name: %s
          namespace: %s
        spec:
          registry:
            resourceId: %s
          keyVault:
            resourceId: %s
          key:
            name: %s
          identity:
            type: UserAssigned
            resourceId: %s
        """
            .formatted(
                name,
                NAMESPACE,
                setup.registryId(),
                setup.vaultId(),
                setup.keyName(),
                setup.identityId());
    KubernetesClient client = kubernetes.client();
    client
        .resource(
            client.getKubernetesSerialization().unmarshal(yaml, RegistryEncryptionPolicy.class))
        .create();
  }

  private static void awaitChecked(String name) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              RegistryEncryptionPolicy policy = stored(name);
              return policy != null
                  && policy.getStatus() != null
                  && policy.getStatus().getLastCheckTime() != null;
            });
  }

  private static RegistryEncryptionPolicy stored(String name) {
    return kubernetes
        .client()
        .resources(RegistryEncryptionPolicy.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .get();
  }

  private static Map<String, String> labels(String name) {
    return Map.of("namespace", NAMESPACE, "name", name, "registry", "acr" + name);
  }

  private static String readyReason(Exposition scraped, String name) {
    List<Sample> ready =
        scraped.named(MetricNames.POLICY_CONDITION, Map.of("name", name, "type", "Ready"));
    assertThat(ready).hasSize(1);
    return ready.get(0).label("reason");
  }

  private static List<Sample> perPolicySamples(Exposition scraped, String name) {
    return scraped.samples().stream()
        .filter(sample -> PER_POLICY.contains(sample.name()))
        .filter(sample -> name.equals(sample.label("name")))
        .toList();
  }

  private static double requestCount(
      Exposition scraped, String service, String operation, String code) {
    return scraped.value(
        "acrcmk_azure_requests_total",
        Map.of("service", service, "operation", operation, "code", code));
  }

  private static Exposition scrape() throws IOException, InterruptedException {
    HttpResponse<String> response = get("/metrics", null);
    assertThat(response.statusCode()).isEqualTo(200);
    return Exposition.parse(response.body());
  }

  private static HttpResponse<String> get(String path, String accept)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    if (accept != null) {
      request.header("Accept", accept);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
