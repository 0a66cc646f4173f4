package io.acrcmk.operator.controller;

import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.api.RegistryEncryptionPolicyStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Picks when a checked policy is checked again. A policy whose facts were all read waits its check
 * interval. A policy with a condition left Unknown by a failed Azure read is checked sooner, after
 * a delay that grows with the time since the condition turned Unknown: at least {@link #MIN_RETRY},
 * at most the check interval. Because the delay equals the time already spent Unknown, it about
 * doubles from one check to the next, and no counter has to survive a restart.
 */
final class RecheckDelay {

  /** The shortest delay before a check after a failed read, and the shortest check interval. */
  static final Duration MIN_RETRY = Duration.ofSeconds(30);

  /**
   * The reasons of a read that failed for a cause that may pass: throttling, outages, timeouts, a
   * response the operator could not use, and a 403 that may be a role assignment still propagating.
   * DependencyNotReady is left out, because it follows from a fact such as a missing resource.
   */
  static final Set<Reason> RETRYABLE =
      EnumSet.of(
          Reason.AzureThrottled,
          Reason.AzureUnavailable,
          Reason.AzureTimeout,
          Reason.AzureResponseInvalid,
          Reason.OperatorAccessDenied,
          Reason.VaultDataPlaneUnreachable,
          Reason.CheckFailed);

  private RecheckDelay() {}

  /**
   * Returns the delay until the next check of a policy whose check just wrote {@code status}.
   *
   * @param status the status the check wrote
   * @param interval the policy's check interval
   * @param now the time of the check
   */
  static Duration after(RegistryEncryptionPolicyStatus status, Duration interval, Instant now) {
    Instant unknownSince = earliestRetryableUnknown(status, now);
    if (unknownSince == null || interval.compareTo(MIN_RETRY) <= 0) {
      return interval;
    }
    Duration unknownFor = Duration.between(unknownSince, now);
    if (unknownFor.compareTo(MIN_RETRY) < 0) {
      return MIN_RETRY;
    }
    return unknownFor.compareTo(interval) > 0 ? interval : unknownFor;
  }

  /**
   * Returns when the longest-standing condition that is Unknown for a retryable reason turned
   * Unknown, or null when there is none. A transition time the operator did not write counts as
   * {@code now}.
   */
  private static Instant earliestRetryableUnknown(
      RegistryEncryptionPolicyStatus status, Instant now) {
    Instant earliest = null;
    for (Condition condition : status.getConditions()) {
      if (!ConditionStatus.Unknown.name().equals(condition.getStatus())
          || !isRetryable(condition.getReason())) {
        continue;
      }
      Instant since = parseTime(condition.getLastTransitionTime(), now);
      if (earliest == null || since.isBefore(earliest)) {
        earliest = since;
      }
    }
    return earliest;
  }

  private static boolean isRetryable(String reason) {
    for (Reason candidate : RETRYABLE) {
      if (candidate.name().equals(reason)) {
        return true;
      }
    }
    return false;
  }

  private static Instant parseTime(String time, Instant fallback) {
    if (time == null) {
      return fallback;
    }
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      return fallback;
    }
  }
}
