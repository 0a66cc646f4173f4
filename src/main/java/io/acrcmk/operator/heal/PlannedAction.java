package io.acrcmk.operator.heal;

import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.api.HealDecision;
import io.acrcmk.operator.check.CheckResult;
import java.util.Objects;

/**
 * One repair a False finding calls for, and what the planner decided.
 *
 * @param action the repair
 * @param finding the False result it addresses
 * @param decision whether it runs, would run in DryRun mode, or why not
 * @param change what the repair changes in Azure, as a phrase
 * @param explanation why it does not run, as a sentence fragment; empty for Run and WouldRun
 */
record PlannedAction(
    HealAction action,
    CheckResult finding,
    HealDecision decision,
    String change,
    String explanation) {

  PlannedAction {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(finding, "finding");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(explanation, "explanation");
  }
}
