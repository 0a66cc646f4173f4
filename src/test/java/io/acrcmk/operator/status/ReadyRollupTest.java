package io.acrcmk.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.check.CheckResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadyRollupTest {

  @Test
  void allTrueIsReady() {
    ReadyRollup ready = ReadyRollup.of(PolicyStatusBuilderTest.healthy());

    assertThat(ready.status()).isEqualTo(ConditionStatus.True);
    assertThat(ready.reason()).isEqualTo(Reason.AllChecksPassed);
  }

  @Test
  void firstErrorDecidesReady() {
    List<CheckResult> results = new ArrayList<>(PolicyStatusBuilderTest.healthy());
    results.set(
        1, CheckResult.failed(ConditionTypes.IDENTITY_HEALTHY, Reason.IdentityNotFound, "gone"));
    results.set(3, CheckResult.failed(ConditionTypes.KEY_USABLE, Reason.KeyDisabled, "off"));

    ReadyRollup ready = ReadyRollup.of(results);

    assertThat(ready.status()).isEqualTo(ConditionStatus.False);
    assertThat(ready.reason()).isEqualTo(Reason.IdentityNotFound);
    assertThat(ready.message()).isEqualTo("IdentityHealthy is False: gone");
  }

  @Test
  void falseErrorWinsOverEarlierUnknown() {
    List<CheckResult> results = new ArrayList<>(PolicyStatusBuilderTest.healthy());
    results.set(
        0, CheckResult.unknown(ConditionTypes.REGISTRY_ENCRYPTED, Reason.AzureThrottled, "429"));
    results.set(3, CheckResult.failed(ConditionTypes.KEY_USABLE, Reason.KeyExpired, "expired"));

    ReadyRollup ready = ReadyRollup.of(results);

    assertThat(ready.status()).isEqualTo(ConditionStatus.False);
    assertThat(ready.reason()).isEqualTo(Reason.KeyExpired);
  }

  @Test
  void unknownWithoutErrorsIsReadyUnknown() {
    List<CheckResult> results = new ArrayList<>(PolicyStatusBuilderTest.healthy());
    results.set(
        2,
        CheckResult.unknown(
            ConditionTypes.KEY_VAULT_ACCESSIBLE, Reason.AzureUnavailable, "vaults.get 503"));

    ReadyRollup ready = ReadyRollup.of(results);

    assertThat(ready.status()).isEqualTo(ConditionStatus.Unknown);
    assertThat(ready.reason()).isEqualTo(Reason.AzureUnavailable);
  }

  @Test
  void warningsLeaveReadyTrueAndAreListed() {
    List<CheckResult> results = new ArrayList<>(PolicyStatusBuilderTest.healthy());
    results.set(
        5,
        CheckResult.failed(
            ConditionTypes.RECOVERY_PROTECTED, Reason.PurgeProtectionDisabled, "purge off"));

    ReadyRollup ready = ReadyRollup.of(results);

    assertThat(ready.status()).isEqualTo(ConditionStatus.True);
    assertThat(ready.message()).contains("RecoveryProtected is False: purge off");
  }
}
