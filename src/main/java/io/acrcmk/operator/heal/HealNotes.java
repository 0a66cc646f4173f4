package io.acrcmk.operator.heal;

import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.check.CheckResult;
import java.time.Instant;

/**
 * The wording of healing in condition messages and events. Condition notes start with "; " so they
 * read as one more clause of the condition message they are appended to.
 */
final class HealNotes {

  private HealNotes() {}

  /** Returns what an action changes, such as "registry contosoacr" or "vault contoso-kv". */
  static String subject(HealAction action, PolicyTarget target) {
    return switch (action) {
      case ReassignIdentity, RotateToLatestKeyVersion -> "registry " + target.registry().name();
      case EnableTrustedServicesBypass -> "vault " + target.vault().name();
      case RecoverDeletedKey -> "key " + target.keyName() + " in vault " + target.vault().name();
    };
  }

  /** Returns the note for a plan entry that does not run in this check. */
  static String planNote(PlannedAction planned) {
    return switch (planned.decision()) {
      case WouldRun ->
          "; healing is in DryRun mode and would run "
              + planned.action()
              + " to "
              + planned.change();
      case NotAllowed ->
          "; " + planned.action() + " could repair this, but " + planned.explanation();
      case CoolingDown, WouldNotFix ->
          "; not running " + planned.action() + " because " + planned.explanation();
      case Run -> "";
    };
  }

  /** Returns the message of the Normal event a DryRun plan entry produces. */
  static String wouldRunEvent(PlannedAction planned, PolicyTarget target) {
    return "would run "
        + planned.action()
        + " on "
        + subject(planned.action(), target)
        + " to "
        + planned.change()
        + "; healing is in DryRun mode, so nothing was changed";
  }

  /** Returns the note for a repair that succeeded. */
  static String succeeded(HealAction action, Instant time, String detail, String requestId) {
    return "; repaired by "
        + action
        + " at "
        + HealTimes.format(time)
        + ", which "
        + detail
        + requestIdClause(requestId);
  }

  /** Returns the note for a repair Azure accepted while the check after it still finds a fault. */
  static String unconfirmed(
      HealAction action, Instant time, String detail, CheckResult after, Instant nextAttempt) {
    return "; "
        + action
        + " ran at "
        + HealTimes.format(time)
        + " and "
        + detail
        + ", but the check after it found "
        + after.type()
        + " "
        + after.status()
        + " ("
        + after.reason()
        + "); next attempt after "
        + HealTimes.format(nextAttempt);
  }

  /** Returns the note for a repair that failed. */
  static String failed(HealAction action, Instant time, String failure, Instant nextAttempt) {
    return "; "
        + action
        + " failed at "
        + HealTimes.format(time)
        + ": "
        + failure
        + "; next attempt after "
        + HealTimes.format(nextAttempt);
  }

  private static String requestIdClause(String requestId) {
    return requestId == null || requestId.isBlank() ? "" : " (request ID " + requestId + ")";
  }
}
