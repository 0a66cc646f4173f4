package io.acrcmk.operator.check;

/** The checks of one fault family, which together set one condition. */
public interface ConditionCheck {

  /** Returns the condition type this family sets. */
  String conditionType();

  /**
   * Evaluates the family's checks in order and returns the first one that is not True, or a True
   * result when all pass. Never throws for any snapshot content.
   */
  CheckResult evaluate(CheckInput input);
}
