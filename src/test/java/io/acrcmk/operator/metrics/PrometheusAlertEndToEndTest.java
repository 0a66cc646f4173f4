package io.acrcmk.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.acrcmk.operator.api.IdentityReference;
import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.api.KeyReference;
import io.acrcmk.operator.api.KeyVaultReference;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.api.RegistryEncryptionPolicySpec;
import io.acrcmk.operator.api.RegistryReference;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.controller.OperatorSettings;
import io.acrcmk.operator.controller.PolicyOperator;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.HealthySetup;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a real Prometheus server on 127.0.0.1 that scrapes the operator and evaluates the shipped
 * alert rules, with their {@code for:} durations shortened, and reads the alerts back through
 * Prometheus' HTTP API. Skipped when the prometheus binary is not installed (CI installs Debian's
 * prometheus package).
 */
class PrometheusAlertEndToEndTest {

  private static final Path RULES = Path.of("deploy", "prometheus", "acr-cmk-operator-rules.yaml");
  private static final Set<String> NOT_READY_ALERTS =
      Set.of("AcrCmkRegistryKeyInaccessible", "AcrCmkPolicyNotReady");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private AzureSimulator azure;
  private EmbeddedKubernetes kubernetes;
  private OperatorMetrics metrics;
  private PolicyOperator operator;
  private MetricsServer server;
  private Process prometheus;

  @AfterEach
  void stopEverything() throws InterruptedException {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
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
  void notReadyAlertsFireOnlyForFaultyPolicies(@TempDir Path work) throws Exception {
    String binary = findPrometheus();
    assumeTrue(binary != null, "prometheus is not installed (apt-get install prometheus); skipped");

    startOperator();
    int prometheusPort = freePort();
    prometheus = startPrometheus(binary, work, prometheusPort);
    String api = "http://127.0.0.1:" + prometheusPort;
    await().atMost(Duration.ofSeconds(30)).until(() -> status(api + "/-/ready") == 200);

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                firing(api).contains("AcrCmkRegistryKeyInaccessible/unassigned")
                    && firing(api).contains("AcrCmkPolicyNotReady/standard"));

    List<String> alerts = allAlerts(api);
    System.out.println("Not-Ready alerts from Prometheus: " + alerts);
    assertThat(alerts).contains("AcrCmkRegistryKeyInaccessible/unassigned/firing");
    assertThat(alerts).contains("AcrCmkPolicyNotReady/standard/firing");
    assertThat(alerts)
        .as("no not-Ready alert, pending or firing, for the healthy policy")
        .noneMatch(a -> a.contains("/healthy/"));
  }

  private void startOperator() {
    azure = AzureSimulator.start();
    kubernetes = EmbeddedKubernetes.start();
    CmkSetup healthy = setup("healthy").seed(azure);
    CmkSetup unassigned = setup("unassigned").seed(azure);
    azure.mutations().detachIdentity(unassigned.registryId(), unassigned.identityId());
    CmkSetup standard = setup("standard").seed(azure);
    azure
        .mutations()
        .updateRegistry(
            standard.registryId(),
            registry ->
                ((com.fasterxml.jackson.databind.node.ObjectNode) registry.get("sku"))
                    .put("name", "Standard"));

    metrics = OperatorMetrics.create();
    operator =
        PolicyOperator.create(
            kubernetes.client(),
            new AzureSnapshotLoader(
                azure.connection().withAdditionalPolicies(List.of(metrics.azureRequestPolicy()))),
            OperatorSettings.defaults().withCheckIntervalOverride(Duration.ofSeconds(2)),
            null,
            Clock.systemUTC(),
            metrics);
    server =
        MetricsServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            metrics,
            operator::notReadyReason);
    operator.start();
    for (CmkSetup setup : List.of(healthy, unassigned, standard)) {
      kubernetes.client().resource(policy(setup)).create();
    }
  }

  private Process startPrometheus(String binary, Path work, int port) throws IOException {
    String rules =
        Files.readString(repoRoot().resolve(RULES))
            .replaceAll("(?m)^(\\s+)for: \\S+$", "$1for: 3s");
    Files.writeString(work.resolve("rules.yaml"), rules);
    Files.writeString(
        work.resolve("prometheus.yaml"),
        String.join(
            "\n",
            "global:",
            "  scrape_interval: 1s",
            "  evaluation_interval: 1s",
            "rule_files: [rules.yaml]",
            "scrape_configs:",
            "  - job_name: acr-cmk-operator",
            "    honor_labels: true",
            "    static_configs:",
            "      - targets: ['127.0.0.1:" + server.port() + "']",
            ""));
    List<String> command = new ArrayList<>();
    command.add(binary);
    command.add("--config.file=" + work.resolve("prometheus.yaml"));
    command.add("--storage.tsdb.path=" + work.resolve("data"));
    command.add("--web.listen-address=127.0.0.1:" + port);
    return new ProcessBuilder(command)
        .directory(work.toFile())
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("prometheus.log").toFile())
        .start();
  }

  /** Returns firing alerts as "alertname/policy". */
  private List<String> firing(String api) throws Exception {
    return allAlerts(api).stream()
        .filter(a -> a.endsWith("/firing"))
        .map(a -> a.substring(0, a.lastIndexOf('/')))
        .toList();
  }

  /** Returns the not-Ready alerts as "alertname/policy/state". */
  private List<String> allAlerts(String api) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(api + "/api/v1/alerts")).build(),
            HttpResponse.BodyHandlers.ofString());
    List<String> alerts = new ArrayList<>();
    for (JsonNode alert : JSON.readTree(response.body()).path("data").path("alerts")) {
      String name = alert.path("labels").path("alertname").asText();
      if (NOT_READY_ALERTS.contains(name)) {
        alerts.add(
            name
                + "/"
                + alert.path("labels").path("name").asText()
                + "/"
                + alert.path("state").asText());
      }
    }
    return alerts;
  }

  private int status(String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static HealthySetup setup(String name) {
    return HealthySetup.builder()
        .registryName(name + "acr")
        .vaultName(name + "-kv")
        .identityName(name + "-id");
  }

  private static RegistryEncryptionPolicy policy(CmkSetup setup) {
    RegistryEncryptionPolicySpec spec = new RegistryEncryptionPolicySpec();
    spec.setRegistry(new RegistryReference(setup.registryId()));
    spec.setKeyVault(new KeyVaultReference(setup.vaultId()));
    spec.setKey(new KeyReference(setup.keyName(), null));
    spec.setIdentity(new IdentityReference(IdentityType.UserAssigned, setup.identityId()));
    RegistryEncryptionPolicy policy = new RegistryEncryptionPolicy();
    policy.getMetadata().setName(setup.registryName().replace("acr", ""));
    policy.getMetadata().setNamespace("platform");
    policy.setSpec(spec);
    return policy;
  }

  private static String findPrometheus() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      File candidate = new File(dir, "prometheus");
      if (candidate.canExecute()) {
        return candidate.getPath();
      }
    }
    return null;
  }

  private static Path repoRoot() {
    return Path.of(System.getProperty("acrcmk.repoRoot", "."));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
