package io.acrcmk.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Repairs the operator may make, and whether it makes them or only plans them. */
// A set list makes the API server reject an action listed twice, naming the duplicate.
@SchemaCustomizer(
    value = PropertySchemaPatch.class,
    input = "{\"actions\": {\"x-kubernetes-list-type\": \"set\"}}")
@ValidationRule(
    value = "self.mode == 'Disabled' || (has(self.actions) && size(self.actions) > 0)",
    message = "actions must list at least one action when mode is DryRun or Enabled")
public class HealingSpec {

  @Default("Disabled")
  @JsonPropertyDescription(
      "Disabled never writes to Azure. DryRun reports in status and events what it would"
          + " repair. Enabled repairs.")
  private HealingMode mode = HealingMode.Disabled;

  // As many as there are actions, because a set cannot hold more; GeneratedCrdTest keeps the two
  // in step.
  @Size(max = 4)
  @JsonPropertyDescription(
      "Repairs the operator may make, each at most once: ReassignIdentity,"
          + " EnableTrustedServicesBypass, RotateToLatestKeyVersion, RecoverDeletedKey. A repair"
          + " not listed here is never made, in any mode.")
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
