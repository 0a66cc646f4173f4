package io.acrcmk.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** What healing planned in the last check, and the last repairs it made or tried. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HealingStatus {

  /** How many attempts the status keeps, newest first. */
  public static final int MAX_ATTEMPTS = 10;

  @JsonPropertyDescription("The healing mode the last check ran in.")
  private HealingMode mode;

  @JsonPropertyDescription(
      "The repairs the False conditions of the last check call for, each with what the operator"
          + " decided and why.")
  private List<PlannedHeal> plan = new ArrayList<>();

  @Size(max = MAX_ATTEMPTS)
  @JsonPropertyDescription("The last repairs made or tried in Azure, newest first, at most 10.")
  private List<HealAttempt> attempts = new ArrayList<>();

  public HealingMode getMode() {
    return mode;
  }

  public void setMode(HealingMode mode) {
    this.mode = mode;
  }

  public List<PlannedHeal> getPlan() {
    return plan;
  }

  public void setPlan(List<PlannedHeal> plan) {
    this.plan = plan;
  }

  public List<HealAttempt> getAttempts() {
    return attempts;
  }

  public void setAttempts(List<HealAttempt> attempts) {
    this.attempts = attempts;
  }
}
