package io.acrcmk.operator.api;

/** Whether the operator may write to Azure to repair a fault. */
public enum HealingMode {
  /** Never writes to Azure. */
  Disabled,
  /** Plans repairs and reports them as status and events, but writes nothing. */
  DryRun,
  /** Runs the allowed repairs. */
  Enabled
}
