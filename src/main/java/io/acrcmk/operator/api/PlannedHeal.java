package io.acrcmk.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One repair that a False condition of the last check calls for, and what became of it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlannedHeal {

  @JsonPropertyDescription("The repair.")
  private HealAction action;

  @JsonPropertyDescription("The reason of the False condition the repair addresses.")
  private String reason;

  @JsonPropertyDescription(
      "Run (made in the last check), WouldRun (DryRun mode), CoolingDown, NotAllowed (not listed"
          + " in spec.healing.actions) or WouldNotFix.")
  private HealDecision decision;

  @JsonPropertyDescription("What the repair changes in Azure, or why it was not made.")
  private String message;

  public HealAction getAction() {
    return action;
  }

  public void setAction(HealAction action) {
    this.action = action;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public HealDecision getDecision() {
    return decision;
  }

  public void setDecision(HealDecision decision) {
    this.decision = decision;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
