package io.acrcmk.operator.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.Reason;

/** Assertions shared by the check tests; each names the message so a failure shows it. */
final class CheckAssertions {

  private CheckAssertions() {}

  /** Asserts status and reason, and that the message follows the project's wording rules. */
  static CheckResult assertResult(CheckResult result, ConditionStatus status, Reason reason) {
    assertThat(result.status()).as(result.message()).isEqualTo(status);
    assertThat(result.reason()).as(result.message()).isEqualTo(reason);
    if (reason.conditionType() != null) {
      assertThat(result.type()).as(result.message()).isEqualTo(reason.conditionType());
    }
    assertThat(result.message()).isNotBlank().doesNotEndWith(".");
    return result;
  }

  static CheckResult assertFalse(CheckResult result, Reason reason) {
    return assertResult(result, ConditionStatus.False, reason);
  }

  static CheckResult assertTrue(CheckResult result, Reason reason) {
    return assertResult(result, ConditionStatus.True, reason);
  }

  static CheckResult assertUnknown(CheckResult result, Reason reason) {
    return assertResult(result, ConditionStatus.Unknown, reason);
  }
}
