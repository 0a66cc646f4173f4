package io.acrcmk.operator.metrics;

/** The result of one heal action, written as the {@code outcome} label of the heal counter. */
public enum HealOutcome {
  /** The repair was made and Azure accepted it. */
  SUCCEEDED("succeeded"),
  /** The repair was attempted and Azure rejected it, or the call failed. */
  FAILED("failed"),
  /** The policy's healing mode is DryRun, so the repair was planned and reported, not made. */
  DRY_RUN("dry_run");

  private final String labelValue;

  HealOutcome(String labelValue) {
    this.labelValue = labelValue;
  }

  /** Returns the value of the {@code outcome} label. */
  public String labelValue() {
    return labelValue;
  }
}
