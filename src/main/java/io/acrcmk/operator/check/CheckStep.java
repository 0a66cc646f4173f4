package io.acrcmk.operator.check;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One named step of a fault family: returns a finding (a False or Unknown result), or empty when
 * the step passes.
 *
 * @param name what the step verifies, such as "registry is Premium"
 * @param check the step itself
 */
record CheckStep(String name, Function<CheckInput, Optional<CheckResult>> check) {

  CheckStep {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(check, "check");
  }

  static CheckStep of(String name, Function<CheckInput, Optional<CheckResult>> check) {
    return new CheckStep(name, check);
  }

  /**
   * Runs {@code steps} in order and returns the first finding, or empty when all pass.
   *
   * @throws StepFailedException when a step throws or returns null, naming the step
   */
  static Optional<CheckResult> firstFinding(List<CheckStep> steps, CheckInput input) {
    for (CheckStep step : steps) {
      Optional<CheckResult> finding;
      try {
        finding = step.check().apply(input);
      } catch (RuntimeException e) {
        throw new StepFailedException(step.name(), e);
      }
      if (finding == null) {
        throw new StepFailedException(
            step.name(), new IllegalStateException("step returned null instead of a finding"));
      }
      if (finding.isPresent()) {
        return finding;
      }
    }
    return Optional.empty();
  }

  /** Raised when a step has a bug. Carries the step's name, so the Unknown result can report it. */
  static final class StepFailedException extends RuntimeException {

    private final String stepName;

    StepFailedException(String stepName, RuntimeException cause) {
      super("step '" + stepName + "' failed", cause);
      this.stepName = stepName;
    }

    String stepName() {
      return stepName;
    }
  }
}
