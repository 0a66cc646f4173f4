package io.acrcmk.operator.metrics;

import io.acrcmk.operator.api.HealAction;

/**
 * Records heal actions in {@code acrcmk_heal_actions_total}. The healing code calls {@link #record}
 * once for each action it makes, or plans in DryRun mode; an action skipped by its cooldown is not
 * recorded.
 */
@FunctionalInterface
public interface HealMetrics {

  /** Records nothing, for code that runs without metrics. */
  HealMetrics NOOP = (action, outcome) -> {};

  /** Counts one heal action that ended with {@code outcome}. */
  void record(HealAction action, HealOutcome outcome);
}
