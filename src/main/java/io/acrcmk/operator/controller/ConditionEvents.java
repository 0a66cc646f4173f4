package io.acrcmk.operator.controller;

import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.api.RegistryEncryptionPolicyStatus;
import io.acrcmk.operator.event.PolicyEventRecorder;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns condition changes into events and log lines: a Warning event when a condition turns False
 * or changes its False reason, and a Normal event when Ready returns to True. Conditions that stay
 * the same produce nothing, so a steady fault is reported once.
 */
public class ConditionEvents {

  private static final Logger LOG = LoggerFactory.getLogger(ConditionEvents.class);

  private final PolicyEventRecorder recorder;

  public ConditionEvents(PolicyEventRecorder recorder) {
    this.recorder = recorder;
  }

  /** Compares {@code previous} with {@code current} and reports what changed. */
  public void announceChanges(
      RegistryEncryptionPolicy policy,
      RegistryEncryptionPolicyStatus previous,
      RegistryEncryptionPolicyStatus current) {
    List<Condition> before = previous == null ? List.of() : previous.getConditions();
    for (Condition now : current.getConditions()) {
      Condition then = find(before, now.getType());
      if (then != null
          && now.getStatus().equals(then.getStatus())
          && now.getReason().equals(then.getReason())) {
        continue;
      }
      LOG.info(
          "Condition {} changed to {} ({}): {}",
          now.getType(),
          now.getStatus(),
          now.getReason(),
          now.getMessage());
      announce(policy, then, now);
    }
  }

  private void announce(RegistryEncryptionPolicy policy, Condition then, Condition now) {
    boolean isFalse = ConditionStatus.False.name().equals(now.getStatus());
    boolean readyRecovered =
        ConditionTypes.READY.equals(now.getType())
            && ConditionStatus.True.name().equals(now.getStatus())
            && then != null;
    if (isFalse && !ConditionTypes.READY.equals(now.getType())) {
      recorder.record(policy, PolicyEventRecorder.Type.Warning, now.getReason(), now.getMessage());
    } else if (isFalse && Reason.InvalidSpec.name().equals(now.getReason())) {
      recorder.record(policy, PolicyEventRecorder.Type.Warning, now.getReason(), now.getMessage());
    } else if (readyRecovered) {
      recorder.record(policy, PolicyEventRecorder.Type.Normal, now.getReason(), now.getMessage());
    }
  }

  private static Condition find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }
}
