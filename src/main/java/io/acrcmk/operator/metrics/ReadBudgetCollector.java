package io.acrcmk.operator.metrics;

import io.acrcmk.operator.azure.SubscriptionBudgets;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Map;

/**
 * Computes the ARM read quota series from the operator's read budgets each time Prometheus scrapes:
 * the remaining reads ARM last reported and the tokens left in the operator's own budget, one
 * series per subscription the operator has read from.
 */
final class ReadBudgetCollector implements MultiCollector {

  private final SubscriptionBudgets budgets;

  ReadBudgetCollector(SubscriptionBudgets budgets) {
    this.budgets = budgets;
  }

  @Override
  public MetricSnapshots collect() {
    return new MetricSnapshots(
        gauge(
            MetricNames.AZURE_REMAINING_READS,
            MetricNames.AZURE_REMAINING_READS_HELP,
            budgets.remainingReads()),
        gauge(
            MetricNames.AZURE_READ_BUDGET_TOKENS,
            MetricNames.AZURE_READ_BUDGET_TOKENS_HELP,
            budgets.availableTokens()));
  }

  private static GaugeSnapshot gauge(
      String name, String help, Map<String, ? extends Number> bySubscription) {
    GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
    bySubscription.forEach(
        (subscription, value) ->
            gauge.dataPoint(
                GaugeDataPointSnapshot.builder()
                    .labels(Labels.of(MetricNames.LABEL_SUBSCRIPTION, subscription))
                    .value(value.doubleValue())
                    .build()));
    return gauge.build();
  }
}
