package io.acrcmk.operator.heal;

import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.api.HealDecision;
import io.acrcmk.operator.api.HealingMode;
import io.acrcmk.operator.check.CheckInput;
import io.acrcmk.operator.check.CheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which repairs the findings of one check call for, and for each whether it runs. A pure
 * function of its arguments: it reads no clock and calls nothing outside the snapshot.
 *
 * <p>Only False findings are considered; an Unknown condition never leads to a repair, because the
 * operator could not see what it would change. A repair runs only when healing is Enabled, the
 * action is listed in spec.healing.actions, nothing in the snapshot shows that it would leave the
 * fault in place, and the action was not tried for this policy within the cooldown. Each action
 * appears at most once, for the first finding it repairs.
 */
final class HealPlanner {

  /** The repairs, in the order their findings are checked. */
  private static final List<HealRule> RULES =
      List.of(
          // IdentityNotAssigned: the declared identity was detached from the registry.
          new ReassignIdentityRule(),
          // TrustedServicesBypassDisabled, PublicNetworkAccessDisabled: the vault firewall.
          new TrustedServicesBypassRule(),
          // KeyVersionNotFound, KeyVersionBehind: the registry uses a missing or old version.
          new RotateKeyRule(),
          // KeySoftDeleted: the key was deleted and can be recovered.
          new RecoverKeyRule());

  /**
   * Returns the planned repairs.
   *
   * @param input what the check read, and the time it treats as now
   * @param results the check results, one per condition
   * @param mode the policy's healing mode; Disabled plans nothing
   * @param allowed the actions spec.healing.actions lists
   * @param lastAttempts the most recent attempt of each action for this policy
   * @param cooldown how long after an attempt the same action may not run again
   */
  List<PlannedAction> plan(
      CheckInput input,
      List<CheckResult> results,
      HealingMode mode,
      Set<HealAction> allowed,
      Map<HealAction, LastAttempt> lastAttempts,
      Duration cooldown) {
    if (mode == null || mode == HealingMode.Disabled) {
      return List.of();
    }
    List<PlannedAction> plan = new ArrayList<>();
    Set<HealAction> planned = EnumSet.noneOf(HealAction.class);
    for (CheckResult finding : results) {
      if (finding.status() != ConditionStatus.False) {
        continue;
      }
      for (HealRule rule : RULES) {
        if (rule.repairs(finding.reason()) && planned.add(rule.action())) {
          plan.add(
              decide(
                  rule, input, finding, mode, allowed, lastAttempts.get(rule.action()), cooldown));
        }
      }
    }
    return List.copyOf(plan);
  }

  private static PlannedAction decide(
      HealRule rule,
      CheckInput input,
      CheckResult finding,
      HealingMode mode,
      Set<HealAction> allowed,
      LastAttempt last,
      Duration cooldown) {
    String change = rule.change(input);
    if (!allowed.contains(rule.action())) {
      return planned(
          rule, finding, HealDecision.NotAllowed, change, "it is not in spec.healing.actions");
    }
    Optional<String> obstacle = rule.obstacle(input, finding);
    if (obstacle.isPresent()) {
      return planned(rule, finding, HealDecision.WouldNotFix, change, obstacle.get());
    }
    if (last != null && input.now().isBefore(last.time().plus(cooldown))) {
      return planned(rule, finding, HealDecision.CoolingDown, change, coolingDown(last, cooldown));
    }
    HealDecision decision = mode == HealingMode.Enabled ? HealDecision.Run : HealDecision.WouldRun;
    return planned(rule, finding, decision, change, "");
  }

  private static String coolingDown(LastAttempt last, Duration cooldown) {
    StringBuilder text =
        new StringBuilder("it was tried at ").append(HealTimes.format(last.time()));
    if (last.outcome() != null) {
      text.append(" and ").append(last.outcome().name().toLowerCase(java.util.Locale.ROOT));
    }
    if (last.errorCode() != null && !last.errorCode().isBlank()) {
      text.append(" with ").append(last.errorCode());
    }
    Instant next = last.time().plus(cooldown);
    return text.append(", and the cooldown of ")
        .append(HealTimes.format(cooldown))
        .append(" allows the next attempt after ")
        .append(HealTimes.format(next))
        .toString();
  }

  private static PlannedAction planned(
      HealRule rule,
      CheckResult finding,
      HealDecision decision,
      String change,
      String explanation) {
    return new PlannedAction(rule.action(), finding, decision, change, explanation);
  }
}
