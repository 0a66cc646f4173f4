package io.acrcmk.operator.metrics;

import com.azure.core.http.policy.HttpPipelinePolicy;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.azure.SnapshotSource;
import io.acrcmk.operator.azure.SubscriptionBudgets;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The operator's metrics: one Prometheus registry holding the operator's own meters, the
 * java-operator-sdk controller meters, JVM and process meters, and the per-policy series computed
 * at scrape time.
 */
public final class OperatorMetrics implements AutoCloseable {

  /** Content type of the Prometheus text format 0.0.4, the default of {@link #scrape}. */
  public static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  /** Content type of the OpenMetrics text format 1.0.0. */
  public static final String OPENMETRICS_FORMAT =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  /**
   * Bucket bounds of the check timer. A check makes five to ten Azure reads, each bounded by the
   * request timeout, so checks range from tens of milliseconds to minutes.
   */
  private static final Duration[] CHECK_DURATION_BUCKETS = {
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60),
    Duration.ofSeconds(120)
  };

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gcMetrics;
  private final Timer checkDuration;
  private final HealMetrics healMetrics;
  private final AzureRequestMetricsPolicy azureRequests;
  private final Metrics controllerMetrics;
  private boolean policiesExported;
  private boolean readBudgetsExported;

  private OperatorMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    this.gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(registry);
    this.checkDuration =
        Timer.builder(MetricNames.CHECK_DURATION)
            .description(MetricNames.CHECK_DURATION_HELP)
            .serviceLevelObjectives(CHECK_DURATION_BUCKETS)
            .register(registry);
    this.healMetrics = new HealActionCounter(registry);
    this.azureRequests = new AzureRequestMetricsPolicy(registry);
    this.controllerMetrics = MicrometerMetrics.withoutPerResourceMetrics(registry);
  }

  /** Creates the registry and registers the meters that need no operator. */
  public static OperatorMetrics create() {
    return new OperatorMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** Returns the registry, for tests and for meters of other parts of the operator. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Returns java-operator-sdk's Micrometer metrics without per-resource tags, which would add
   * series for every policy to every controller meter.
   */
  public Metrics controllerMetrics() {
    return controllerMetrics;
  }

  /** Returns {@code source} with each load timed as one policy check. */
  public SnapshotSource timed(SnapshotSource source) {
    return new TimedSnapshotSource(source, checkDuration);
  }

  /** Returns the pipeline policy that counts Azure requests; add it to every Azure client. */
  public HttpPipelinePolicy azureRequestPolicy() {
    return azureRequests;
  }

  /** Returns the heal action counter. */
  public HealMetrics healMetrics() {
    return healMetrics;
  }

  /**
   * Exports the per-policy series and the leader gauge. Call once, when the operator is built.
   *
   * @param policies the policies in the operator's informer cache, read on every scrape
   * @param leader whether this replica checks policies now
   * @param intervalOverride the interval that replaces every policy's checkInterval, or null
   * @throws IllegalStateException when called a second time
   */
  public synchronized void exportPolicies(
      Supplier<? extends Stream<RegistryEncryptionPolicy>> policies,
      BooleanSupplier leader,
      Duration intervalOverride) {
    if (policiesExported) {
      throw new IllegalStateException("the policy series are already exported");
    }
    policiesExported = true;
    registry
        .getPrometheusRegistry()
        .register(new PolicyMetricsCollector(policies, leader, intervalOverride));
    Gauge.builder(MetricNames.LEADER, () -> leader.getAsBoolean() ? 1 : 0)
        .description(MetricNames.LEADER_HELP)
        .register(registry);
  }

  /**
   * Exports the remaining ARM reads and the tokens left in {@code budgets}, per subscription. Call
   * once, with the budgets of the loader that checks policies.
   *
   * @throws IllegalStateException when called a second time
   */
  public synchronized void exportReadBudgets(SubscriptionBudgets budgets) {
    if (readBudgetsExported) {
      throw new IllegalStateException("the read budget series are already exported");
    }
    readBudgetsExported = true;
    registry.getPrometheusRegistry().register(new ReadBudgetCollector(budgets));
  }

  /**
   * Returns every metric in the format {@code contentType} names: OpenMetrics when it starts with
   * {@code application/openmetrics-text}, the Prometheus text format otherwise.
   */
  public String scrape(String contentType) {
    return registry.scrape(contentType);
  }

  /**
   * Returns the content type of the response to a scrape, chosen from its Accept header:
   * OpenMetrics when the scraper accepts it, as Prometheus does, and the text format 0.0.4
   * otherwise.
   */
  public static String contentTypeFor(String accept) {
    return accept != null && accept.contains("application/openmetrics-text")
        ? OPENMETRICS_FORMAT
        : TEXT_FORMAT;
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }
}
