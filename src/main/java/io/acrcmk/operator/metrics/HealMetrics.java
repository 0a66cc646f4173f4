package io.acrcmk.operator.metrics;

import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.api.HealOutcome;

/**
 * Records heal actions in {@code acrcmk_heal_actions_total}. The healing code calls {@link #record}
 * once for each repair it attempts; a repair only planned in DryRun mode, or skipped by its
 * cooldown, is not recorded.
 */
@FunctionalInterface
public interface HealMetrics {

  /** Records nothing, for code that runs without metrics. */
  HealMetrics NOOP = (action, outcome) -> {};

  /** Counts one heal action that ended with {@code outcome}. */
  void record(HealAction action, HealOutcome outcome);
}
