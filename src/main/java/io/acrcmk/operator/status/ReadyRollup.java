package io.acrcmk.operator.status;

import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.api.Severity;
import io.acrcmk.operator.check.CheckResult;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Derives the Ready condition from the checked conditions, as kstatus reads Ready: False when an
 * error-level condition is False, Unknown when none is False but one could not be evaluated, True
 * otherwise. Warning-level findings leave Ready True and are listed in its message.
 *
 * @param status the Ready status
 * @param reason the reason of the first condition that decided it
 * @param message which condition decided it, and why
 */
public record ReadyRollup(ConditionStatus status, Reason reason, String message) {

  /** Rolls up {@code results}, which are in evaluation order. */
  public static ReadyRollup of(List<CheckResult> results) {
    for (CheckResult result : results) {
      if (result.status() == ConditionStatus.False && result.severity() == Severity.Error) {
        return new ReadyRollup(ConditionStatus.False, result.reason(), describe(result));
      }
    }
    for (CheckResult result : results) {
      if (result.status() == ConditionStatus.Unknown) {
        return new ReadyRollup(ConditionStatus.Unknown, result.reason(), describe(result));
      }
    }
    List<CheckResult> warnings =
        results.stream().filter(r -> r.status() == ConditionStatus.False).toList();
    if (warnings.isEmpty()) {
      return new ReadyRollup(ConditionStatus.True, Reason.AllChecksPassed, "all checks passed");
    }
    String listed = warnings.stream().map(ReadyRollup::describe).collect(Collectors.joining("; "));
    return new ReadyRollup(
        ConditionStatus.True,
        Reason.AllChecksPassed,
        "all error-level checks passed, with warnings: " + listed);
  }

  private static String describe(CheckResult result) {
    return result.type() + " is " + result.status() + ": " + result.message();
  }
}
