package io.acrcmk.operator.check;

import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.api.Severity;
import java.util.Objects;

/**
 * The outcome of one condition's checks.
 *
 * @param type the condition type, one of {@code ConditionTypes.CHECKED}
 * @param status True, False, or Unknown when Azure could not be read
 * @param reason why, as a wire value
 * @param message a sentence naming the Azure resource at fault and, when False, the command that
 *     fixes it
 */
public record CheckResult(String type, ConditionStatus status, Reason reason, String message) {

  public CheckResult {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  public static CheckResult passed(String type, Reason reason, String message) {
    return new CheckResult(type, ConditionStatus.True, reason, message);
  }

  public static CheckResult failed(String type, Reason reason, String message) {
    return new CheckResult(type, ConditionStatus.False, reason, message);
  }

  public static CheckResult unknown(String type, Reason reason, String message) {
    return new CheckResult(type, ConditionStatus.Unknown, reason, message);
  }

  /** Returns the severity of this result: Info unless the condition is False. */
  public Severity severity() {
    return status == ConditionStatus.False ? reason.severity() : Severity.Info;
  }
}
