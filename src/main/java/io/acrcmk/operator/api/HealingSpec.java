package io.acrcmk.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.ArrayList;
import java.util.List;

/** Which repairs the operator may make, and whether it acts or only plans. */
public class HealingSpec {

  @Default("Disabled")
  @JsonPropertyDescription(
      "Disabled never writes to Azure; DryRun reports what it would repair; Enabled repairs.")
  private HealingMode mode = HealingMode.Disabled;

  @JsonPropertyDescription(
      "Repairs the operator may make. A repair not listed here is never made, in any mode.")
  private List<HealAction> actions = new ArrayList<>();

  public HealingMode getMode() {
    return mode;
  }

  public void setMode(HealingMode mode) {
    this.mode = mode;
  }

  public List<HealAction> getActions() {
    return actions;
  }

  public void setActions(List<HealAction> actions) {
    this.actions = actions;
  }
}
