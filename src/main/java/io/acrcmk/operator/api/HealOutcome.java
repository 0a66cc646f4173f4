package io.acrcmk.operator.api;

/** The outcome of one repair attempt. */
public enum HealOutcome {
  /** Azure accepted the change and the check that followed no longer finds the fault. */
  Succeeded,
  /** Azure rejected the change, or it could not be sent. */
  Failed,
  /**
   * Azure accepted the change, but the check that followed still finds the fault or could not tell.
   */
  Unconfirmed
}
