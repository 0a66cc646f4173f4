package io.acrcmk.operator.cli;

import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.api.RegistryEncryptionPolicyStatus;
import io.acrcmk.operator.api.Severity;
import io.fabric8.kubernetes.api.model.Condition;

/**
 * One policy and the status its check produced, the same status the operator would write.
 *
 * @param policy the policy as loaded
 * @param status the conditions and key details found
 */
record CheckedPolicy(LoadedPolicy policy, RegistryEncryptionPolicyStatus status) {

  /** Returns the condition of {@code type}, or null. */
  Condition condition(String type) {
    return status.getConditions().stream()
        .filter(condition -> type.equals(condition.getType()))
        .findFirst()
        .orElse(null);
  }

  /** Returns the status of the Ready condition. */
  ConditionStatus ready() {
    Condition ready = condition(ConditionTypes.READY);
    return ready == null ? ConditionStatus.Unknown : ConditionStatus.valueOf(ready.getStatus());
  }

  /** Returns whether the policy was not checked because its spec.suspend is true. */
  boolean suspended() {
    Condition ready = condition(ConditionTypes.READY);
    return ready != null && Reason.Suspended.name().equals(ready.getReason());
  }

  /** Returns whether a checked condition of warning severity is False. */
  boolean hasWarning() {
    return status.getConditions().stream()
        .filter(condition -> !ConditionTypes.READY.equals(condition.getType()))
        .filter(condition -> ConditionStatus.False.name().equals(condition.getStatus()))
        .anyMatch(condition -> severityOf(condition.getReason()) == Severity.Warning);
  }

  private static Severity severityOf(String reason) {
    try {
      return Reason.valueOf(reason).severity();
    } catch (IllegalArgumentException | NullPointerException e) {
      return Severity.Info;
    }
  }
}
