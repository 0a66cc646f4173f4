package io.acrcmk.operator.metrics;

import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.api.HealOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The Micrometer counter behind {@link HealMetrics}. Every action and outcome pair is registered at
 * zero up front, so that {@code increase()} in an alert counts the first failure rather than
 * meeting a new series.
 */
final class HealActionCounter implements HealMetrics {

  private final Map<HealAction, Map<HealOutcome, Counter>> counters =
      new EnumMap<>(HealAction.class);

  HealActionCounter(MeterRegistry registry) {
    for (HealAction action : HealAction.values()) {
      Map<HealOutcome, Counter> byOutcome = new EnumMap<>(HealOutcome.class);
      for (HealOutcome outcome : HealOutcome.values()) {
        byOutcome.put(
            outcome,
            Counter.builder(MetricNames.HEAL_ACTIONS)
                .description(MetricNames.HEAL_ACTIONS_HELP)
                .tag(MetricNames.LABEL_ACTION, action.name())
                .tag(MetricNames.LABEL_OUTCOME, outcome.name().toLowerCase(Locale.ROOT))
                .register(registry));
      }
      counters.put(action, byOutcome);
    }
  }

  @Override
  public void record(HealAction action, HealOutcome outcome) {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    counters.get(action).get(outcome).increment();
  }
}
