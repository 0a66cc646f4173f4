package io.acrcmk.operator.check;

import static io.acrcmk.operator.check.CheckAssertions.assertFalse;
import static io.acrcmk.operator.check.CheckAssertions.assertTrue;
import static io.acrcmk.operator.check.CheckAssertions.assertUnknown;
import static io.acrcmk.operator.check.SnapshotBuilder.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.api.Severity;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import org.junit.jupiter.api.Test;

class RecoveryProtectionCheckTest {

  private static CheckResult evaluate(SnapshotBuilder builder) {
    return new RecoveryProtectionCheck().evaluate(builder.input());
  }

  @Test
  void reportsRecoveryEnabledForProtectedVault() {
    CheckResult result = assertTrue(evaluate(healthy()), Reason.RecoveryEnabled);

    assertThat(result.message())
        .isEqualTo(
            "vault contoso-kv has soft delete (90 days of retention) and purge protection on");
  }

  @Test
  void reportsSoftDeleteDisabledOnlyWhenExplicitlyFalse() {
    CheckResult result =
        assertFalse(
            evaluate(healthy().vault(v -> v.softDelete = false)), Reason.SoftDeleteDisabled);

    assertThat(result.severity()).isEqualTo(Severity.Warning);
    assertThat(result.message())
        .endsWith("az keyvault update --name contoso-kv --enable-soft-delete true");
    assertTrue(evaluate(healthy().vault(v -> v.softDelete = null)), Reason.RecoveryEnabled);
  }

  @Test
  void reportsPurgeProtectionDisabledWhenFalseOrAbsent() {
    CheckResult result =
        assertFalse(
            evaluate(healthy().vault(v -> v.purgeProtection = false)),
            Reason.PurgeProtectionDisabled);

    assertThat(result.message())
        .endsWith("az keyvault update --name contoso-kv --enable-purge-protection true");
    assertFalse(
        evaluate(healthy().vault(v -> v.purgeProtection = null)), Reason.PurgeProtectionDisabled);
  }

  @Test
  void reportsDependencyNotReadyWhenVaultIsMissing() {
    CheckResult result =
        assertUnknown(
            evaluate(healthy().vaultDeleted(Observed.notFound("no deleted vault"))),
            Reason.DependencyNotReady);

    assertThat(result.message()).isEqualTo("vault contoso-kv not found");
  }

  @Test
  void reportsUnknownWhenVaultReadFails() {
    ReadFailure failure = SnapshotBuilder.failure(ReadFailure.Kind.INVALID_RESPONSE, "vaults.get");

    assertUnknown(evaluate(healthy().vault(Observed.failed(failure))), Reason.AzureResponseInvalid);
  }
}
