package io.acrcmk.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.api.HealOutcome;
import io.acrcmk.operator.azure.SubscriptionBudgets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Registers the operator's own meters and exports them in both text formats. */
class OperatorMetricsTest {

  @Test
  void countsHealActionsByActionAndOutcome() {
    try (OperatorMetrics metrics = OperatorMetrics.create()) {
      metrics.healMetrics().record(HealAction.RecoverDeletedKey, HealOutcome.Failed);
      metrics.healMetrics().record(HealAction.RecoverDeletedKey, HealOutcome.Failed);
      metrics.healMetrics().record(HealAction.ReassignIdentity, HealOutcome.Unconfirmed);

      Exposition scraped = Exposition.parse(metrics.scrape(OperatorMetrics.TEXT_FORMAT));

      assertThat(heals(scraped, "RecoverDeletedKey", "failed")).isEqualTo(2.0);
      assertThat(heals(scraped, "ReassignIdentity", "unconfirmed")).isEqualTo(1.0);
      assertThat(heals(scraped, "ReassignIdentity", "succeeded")).isZero();
    }
  }

  @Test
  void choosesOpenMetricsOnlyWhenAccepted() {
    assertThat(OperatorMetrics.contentTypeFor(null)).isEqualTo(OperatorMetrics.TEXT_FORMAT);
    assertThat(OperatorMetrics.contentTypeFor("*/*")).isEqualTo(OperatorMetrics.TEXT_FORMAT);
    assertThat(
            OperatorMetrics.contentTypeFor(
                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"))
        .isEqualTo(OperatorMetrics.OPENMETRICS_FORMAT);
  }

  @Test
  void writesOpenMetricsWithEndMarker() {
    try (OperatorMetrics metrics = OperatorMetrics.create()) {
      String text = metrics.scrape(OperatorMetrics.OPENMETRICS_FORMAT);

      assertThat(text).contains("# TYPE acrcmk_heal_actions counter").endsWith("# EOF\n");
    }
  }

  @Test
  void exportsPolicySeriesOnlyOnce() {
    try (OperatorMetrics metrics = OperatorMetrics.create()) {
      metrics.exportPolicies(Stream::empty, () -> false, null);

      assertThat(
              Exposition.parse(metrics.scrape(OperatorMetrics.TEXT_FORMAT))
                  .value("acrcmk_leader", Map.of()))
          .isZero();
      assertThatThrownBy(() -> metrics.exportPolicies(Stream::empty, () -> true, null))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void exportsReadBudgetsOnlyOnce() {
    try (OperatorMetrics metrics = OperatorMetrics.create()) {
      metrics.exportReadBudgets(SubscriptionBudgets.armReadLimits());

      assertThatThrownBy(() -> metrics.exportReadBudgets(SubscriptionBudgets.armReadLimits()))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  private static double heals(Exposition scraped, String action, String outcome) {
    return scraped.value("acrcmk_heal_actions_total", Map.of("action", action, "outcome", outcome));
  }
}
