package io.acrcmk.operator.api;

/** The operator's decision about one repair that a False condition calls for. */
public enum HealDecision {
  /** Healing is Enabled and the repair was made in this check; its outcome is in the attempts. */
  Run,
  /** Healing is in DryRun mode and the repair would be made if it were Enabled. */
  WouldRun,
  /** The repair was tried within the cooldown, so it waits until the cooldown ends. */
  CoolingDown,
  /** The repair is not listed in spec.healing.actions, so it is never made. */
  NotAllowed,
  /**
   * The repair would not remove the fault in this setup, so it is not made; the message says why.
   */
  WouldNotFix
}
