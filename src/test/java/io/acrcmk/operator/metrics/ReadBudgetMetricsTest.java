package io.acrcmk.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.azure.AzureRetryOptions;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.ResourceId;
import io.acrcmk.operator.azure.SubscriptionBudgets;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.RecordedRequest;
import io.acrcmk.operator.sandbox.SimulatorOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks a policy through a read budget against the Azure simulator, which sends ARM's
 * remaining-reads header on every ARM response, and scrapes the quota series over HTTP.
 */
class ReadBudgetMetricsTest {

  // The simulator's ARM bucket and the operator's budget both refill so slowly that the values
  // move only by the reads this test makes.
  private static final int SIMULATOR_READS = 1000;
  private static final int BUDGET_READS = 100;
  private static final double SLOW_REFILL_PER_SECOND = 0.001;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private AzureSimulator azure;
  private OperatorMetrics metrics;
  private MetricsServer server;
  private SubscriptionBudgets budgets;

  @BeforeEach
  void start() {
    azure =
        AzureSimulator.start(
            SimulatorOptions.defaults().armReads(SIMULATOR_READS, SLOW_REFILL_PER_SECOND));
    budgets = new SubscriptionBudgets(BUDGET_READS, SLOW_REFILL_PER_SECOND, Duration.ofSeconds(30));
    metrics = OperatorMetrics.create();
    metrics.exportReadBudgets(budgets);
    server =
        MetricsServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), metrics, Optional::empty);
  }

  @AfterEach
  void stop() {
    server.close();
    metrics.close();
    azure.close();
  }

  @Test
  void exportsNothingBeforeTheFirstRead() throws Exception {
    Exposition scraped = scrape();

    assertThat(scraped.named(MetricNames.AZURE_REMAINING_READS)).isEmpty();
    assertThat(scraped.named(MetricNames.AZURE_READ_BUDGET_TOKENS)).isEmpty();
  }

  @Test
  void exportsRemainingReadsAndBudgetTokens() throws Exception {
    CmkSetup setup = azure.seedHealthy();
    AzureSnapshotLoader loader =
        new AzureSnapshotLoader(
            azure.connection(), AzureRetryOptions.DEFAULT, Clock.systemUTC(), budgets, null);

    loader.load(target(setup));
    Exposition scraped = scrape();

    String subscription = setup.subscriptionId().toLowerCase(Locale.ROOT);
    long armReads = armReads(subscription);
    assertThat(armReads).as("ARM reads of one check").isGreaterThanOrEqualTo(3);
    double remaining =
        scraped.value(
            MetricNames.AZURE_REMAINING_READS,
            Map.of(MetricNames.LABEL_SUBSCRIPTION, subscription));
    // The loader sends its reads one after another, so the latest response has the lowest count.
    assertThat(remaining).isEqualTo(SIMULATOR_READS - (double) armReads);
    assertThat(remaining).isEqualTo((double) budgets.remainingReads(subscription).getAsLong());
    double tokens =
        scraped.value(
            MetricNames.AZURE_READ_BUDGET_TOKENS,
            Map.of(MetricNames.LABEL_SUBSCRIPTION, subscription));
    assertThat(tokens).isCloseTo(BUDGET_READS - (double) armReads, within(0.5));
  }

  @Test
  void remainingReadsFallWithEachCheck() throws Exception {
    CmkSetup setup = azure.seedHealthy();
    AzureSnapshotLoader loader =
        new AzureSnapshotLoader(
            azure.connection(), AzureRetryOptions.DEFAULT, Clock.systemUTC(), budgets, null);
    String subscription = setup.subscriptionId().toLowerCase(Locale.ROOT);
    Map<String, String> labels = Map.of(MetricNames.LABEL_SUBSCRIPTION, subscription);

    loader.load(target(setup));
    long readsOfFirstCheck = armReads(subscription);
    double afterFirst = scrape().value(MetricNames.AZURE_REMAINING_READS, labels);
    loader.load(target(setup));
    double afterSecond = scrape().value(MetricNames.AZURE_REMAINING_READS, labels);

    assertThat(afterFirst).isEqualTo(SIMULATOR_READS - (double) readsOfFirstCheck);
    assertThat(afterSecond).isEqualTo(SIMULATOR_READS - (double) armReads(subscription));
    assertThat(afterSecond).isLessThan(afterFirst);
  }

  /** Returns how many ARM reads named {@code subscription}, each of which takes one token. */
  private long armReads(String subscription) {
    String prefix = "/subscriptions/" + subscription + "/";
    return azure.requests().stream()
        .filter(request -> request.method().equals("GET"))
        .map(RecordedRequest::path)
        .filter(path -> path.toLowerCase(Locale.ROOT).startsWith(prefix))
        .count();
  }

  private static PolicyTarget target(CmkSetup setup) {
    return new PolicyTarget(
        ResourceId.parse(setup.registryId(), ResourceId.REGISTRY_TYPE),
        ResourceId.parse(setup.vaultId(), ResourceId.VAULT_TYPE),
        setup.keyName(),
        null,
        IdentityType.UserAssigned,
        ResourceId.parse(setup.identityId(), ResourceId.IDENTITY_TYPE));
  }

  private Exposition scrape() throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return Exposition.parse(response.body());
  }
}
