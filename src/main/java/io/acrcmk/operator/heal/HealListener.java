package io.acrcmk.operator.heal;

import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.api.HealOutcome;

/**
 * Receives each repair attempt made in Azure, for example to count them in a metric. DryRun plans
 * and repairs that are not made do not reach it. Called on the reconcile thread, so it must return
 * quickly and not throw.
 */
@FunctionalInterface
public interface HealListener {

  /** A listener that ignores every attempt. */
  HealListener NONE = (action, outcome) -> {};

  /** Reports that {@code action} was attempted and ended with {@code outcome}. */
  void onAttempt(HealAction action, HealOutcome outcome);
}
