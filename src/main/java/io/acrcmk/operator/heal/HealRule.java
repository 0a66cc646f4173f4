package io.acrcmk.operator.heal;

import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.check.CheckInput;
import io.acrcmk.operator.check.CheckResult;
import java.util.Optional;

/**
 * The contract of one heal action: the findings it repairs, the change it makes, and when it would
 * not repair a finding.
 */
interface HealRule {

  HealAction action();

  /** Returns whether the action is the fix for a False condition with {@code reason}. */
  boolean repairs(Reason reason);

  /**
   * Returns why the action would not remove {@code finding} in this snapshot, as a clause that
   * completes "not running ACTION because ...", or empty when it would.
   */
  Optional<String> obstacle(CheckInput input, CheckResult finding);

  /** Returns what the action changes, as a phrase such as "attach identity X to registry Y". */
  String change(CheckInput input);
}
