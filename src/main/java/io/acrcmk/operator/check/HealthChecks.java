package io.acrcmk.operator.check;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordered catalog of fault families, one per checked condition. A runtime exception in one
 * family becomes an Unknown result for that condition and leaves the others intact.
 */
public final class HealthChecks {

  private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);

  private final List<ConditionCheck> checks;

  /** Creates the catalog of every family, in the order of {@link ConditionTypes#CHECKED}. */
  public HealthChecks() {
    this(
        List.of(
            // The registry exists, is Premium, and uses the declared key and identity.
            new RegistryEncryptionCheck(),
            // The declared identity exists and is attached with its current principal and tenant.
            new IdentityCheck(),
            // The vault exists, its network lets ACR in, and the identity has key rights.
            new KeyVaultAccessCheck(),
            // The key version in use exists and is enabled, active, RSA and wrap/unwrap capable.
            new KeyUsabilityCheck(),
            // The version in use is the newest and does not expire within the warning window.
            new KeyRotationCheck(),
            // Soft delete and purge protection keep a deleted key or vault recoverable.
            new RecoveryProtectionCheck()));
  }

  /**
   * Creates a catalog of {@code checks}, which must set the conditions of {@link
   * ConditionTypes#CHECKED} in that order.
   *
   * @throws IllegalArgumentException when the checks do not match that list
   */
  HealthChecks(List<ConditionCheck> checks) {
    List<String> types = checks.stream().map(ConditionCheck::conditionType).toList();
    if (!types.equals(ConditionTypes.CHECKED)) {
      throw new IllegalArgumentException(
          "checks set " + types + ", expected " + ConditionTypes.CHECKED);
    }
    this.checks = List.copyOf(checks);
  }

  /** Returns one result per condition of {@link ConditionTypes#CHECKED}, in that order. */
  public List<CheckResult> evaluate(CheckInput input) {
    List<CheckResult> results = new ArrayList<>(checks.size());
    for (ConditionCheck check : checks) {
      results.add(evaluateOne(check, input));
    }
    return List.copyOf(results);
  }

  private static CheckResult evaluateOne(ConditionCheck check, CheckInput input) {
    String type = check.conditionType();
    if (input == null || input.target() == null || input.snapshot() == null) {
      return CheckResult.unknown(
          type, Reason.DependencyNotReady, "no policy target or Azure snapshot to check");
    }
    try {
      CheckResult result = check.evaluate(input);
      if (result == null || !type.equals(result.type())) {
        throw new IllegalStateException(
            "check returned " + (result == null ? "null" : "a result for " + result.type()));
      }
      return result;
    } catch (RuntimeException e) {
      // A bug in one family must not hide the findings of the others, so it is logged here and
      // reported as Unknown instead of rethrown.
      Throwable cause =
          e instanceof CheckStep.StepFailedException && e.getCause() != null ? e.getCause() : e;
      String step =
          e instanceof CheckStep.StepFailedException failed
              ? " in step '" + failed.stepName() + "'"
              : "";
      LOG.error("Check of condition {} failed{}", type, step, e);
      return CheckResult.unknown(
          type,
          Reason.CheckFailed,
          "the "
              + type
              + " check failed"
              + step
              + " with "
              + cause.getClass().getName()
              + ", a bug in the operator; the other conditions are unaffected");
    }
  }
}
