package io.acrcmk.operator.check;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.azure.snapshot.VaultState;
import java.util.List;
import java.util.Optional;

/**
 * Sets RecoveryProtected: soft delete and purge protection are on for the vault, so a deleted key
 * or vault can be recovered, and no user can purge it before the retention period ends.
 */
public final class RecoveryProtectionCheck implements ConditionCheck {

  private static final String TYPE = ConditionTypes.RECOVERY_PROTECTED;

  private static final List<CheckStep> STEPS =
      List.of(
          CheckStep.of("vault was read", RecoveryProtectionCheck::vaultRead),
          CheckStep.of("soft delete is on", RecoveryProtectionCheck::softDeleteEnabled),
          CheckStep.of("purge protection is on", RecoveryProtectionCheck::purgeProtectionEnabled));

  @Override
  public String conditionType() {
    return TYPE;
  }

  @Override
  public CheckResult evaluate(CheckInput input) {
    return CheckStep.firstFinding(STEPS, input).orElseGet(() -> protectedResult(input));
  }

  private static CheckResult protectedResult(CheckInput input) {
    Integer retention = vault(input).softDeleteRetentionInDays();
    return CheckResult.passed(
        TYPE,
        Reason.RecoveryEnabled,
        "vault "
            + vaultName(input)
            + " has soft delete"
            + (retention == null ? "" : " (" + retention + " days of retention)")
            + " and purge protection on");
  }

  static Optional<CheckResult> vaultRead(CheckInput input) {
    return UnknownResults.unlessFound(TYPE, input.snapshot().vault(), "vault " + vaultName(input));
  }

  static Optional<CheckResult> softDeleteEnabled(CheckInput input) {
    // Soft delete is on by default, so only an explicit false turns it off.
    if (!Boolean.FALSE.equals(vault(input).enableSoftDelete())) {
      return Optional.empty();
    }
    return failed(
        Reason.SoftDeleteDisabled,
        "vault "
            + vaultName(input)
            + " has soft delete off, so a deleted key or vault is gone for good along with the"
            + " registry content it encrypts; turn it on with: "
            + AzureFixes.enableSoftDelete(vaultName(input)));
  }

  static Optional<CheckResult> purgeProtectionEnabled(CheckInput input) {
    if (Boolean.TRUE.equals(vault(input).enablePurgeProtection())) {
      return Optional.empty();
    }
    return failed(
        Reason.PurgeProtectionDisabled,
        "vault "
            + vaultName(input)
            + " has purge protection off, so a deleted key or vault can be purged before its"
            + " retention ends; turn it on, which cannot be undone, with: "
            + AzureFixes.enablePurgeProtection(vaultName(input)));
  }

  private static VaultState vault(CheckInput input) {
    return input.snapshot().vault().valueOrNull();
  }

  private static String vaultName(CheckInput input) {
    return input.target().vault().name();
  }

  private static Optional<CheckResult> failed(Reason reason, String message) {
    return Optional.of(CheckResult.failed(TYPE, reason, message));
  }
}
