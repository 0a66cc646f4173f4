package io.acrcmk.operator.heal;

import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.api.HealAttempt;
import io.acrcmk.operator.api.HealingMode;
import io.acrcmk.operator.api.HealingStatus;
import io.acrcmk.operator.api.PlannedHeal;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attempts that start each action's cooldown. They come from two places: the attempts recorded
 * in status, which survive a restart and a change of leader, and the attempts this process made,
 * which count even when the status patch that should have recorded them failed. The later of the
 * two wins.
 */
final class HealHistory {

  /** Above this many remembered attempts, those past every cooldown are forgotten. */
  private static final int PRUNE_ABOVE = 10_000;

  private final Map<String, LastAttempt> ownAttempts = new ConcurrentHashMap<>();

  /** Returns the most recent attempt of each action for the policy {@code policyKey}. */
  Map<HealAction, LastAttempt> lastAttempts(String policyKey, List<HealAttempt> recorded) {
    Map<HealAction, LastAttempt> last = new EnumMap<>(HealAction.class);
    for (HealAttempt attempt : recorded) {
      Instant time = HealTimes.parse(attempt.getTime());
      if (attempt.getAction() != null && time != null) {
        last.merge(
            attempt.getAction(),
            new LastAttempt(time, attempt.getOutcome(), attempt.getErrorCode()),
            LastAttempt::later);
      }
    }
    for (HealAction action : HealAction.values()) {
      LastAttempt own = ownAttempts.get(key(policyKey, action));
      if (own != null) {
        last.merge(action, own, LastAttempt::later);
      }
    }
    return last;
  }

  /** Records an attempt of this process; call it before the write, and again with the outcome. */
  void record(String policyKey, HealAction action, LastAttempt attempt, Duration cooldown) {
    if (ownAttempts.size() > PRUNE_ABOVE) {
      Instant expired = attempt.time().minus(cooldown);
      ownAttempts.values().removeIf(old -> old.time().isBefore(expired));
    }
    ownAttempts.put(key(policyKey, action), attempt);
  }

  /**
   * Returns the key that distinguishes policies: the UID, which a recreated policy does not share.
   */
  static String policyKey(RegistryEncryptionPolicy policy) {
    String uid = policy.getMetadata().getUid();
    return uid != null && !uid.isBlank()
        ? uid
        : policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
  }

  /** Returns the attempts recorded in the policy's status, newest first. */
  static List<HealAttempt> recorded(RegistryEncryptionPolicy policy) {
    if (policy.getStatus() == null
        || policy.getStatus().getHealing() == null
        || policy.getStatus().getHealing().getAttempts() == null) {
      return List.of();
    }
    return policy.getStatus().getHealing().getAttempts().stream()
        .filter(attempt -> attempt != null)
        .toList();
  }

  /**
   * Returns the healing status: the plan of this check, and the attempts of this check before those
   * recorded earlier, at most {@link HealingStatus#MAX_ATTEMPTS}. Returns null when healing is
   * Disabled and nothing was ever attempted, so that policies that never heal show no healing
   * block.
   */
  static HealingStatus status(
      HealingMode mode, List<PlannedHeal> plan, List<HealAttempt> made, List<HealAttempt> earlier) {
    if (mode == HealingMode.Disabled && made.isEmpty() && earlier.isEmpty()) {
      return null;
    }
    List<HealAttempt> attempts = new ArrayList<>(made);
    attempts.addAll(earlier);
    HealingStatus status = new HealingStatus();
    status.setMode(mode);
    status.setPlan(new ArrayList<>(plan));
    status.setAttempts(
        new ArrayList<>(
            attempts.subList(0, Math.min(attempts.size(), HealingStatus.MAX_ATTEMPTS))));
    return status;
  }

  private static String key(String policyKey, HealAction action) {
    return policyKey + "/" + action;
  }
}
