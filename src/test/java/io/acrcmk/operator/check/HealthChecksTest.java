package io.acrcmk.operator.check;

import static io.acrcmk.operator.check.SnapshotBuilder.healthy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.VaultState.NetworkAcls;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthChecksTest {

  /** A family with a bug: it throws for every snapshot. */
  private static final class ThrowingCheck implements ConditionCheck {

    private final String type;

    ThrowingCheck(String type) {
      this.type = type;
    }

    @Override
    public String conditionType() {
      return type;
    }

    @Override
    public CheckResult evaluate(CheckInput input) {
      throw new IllegalStateException("simulated bug");
    }
  }

  /** Returns the standard families with the one for {@code type} replaced. */
  private static List<ConditionCheck> replacing(String type, ConditionCheck replacement) {
    List<ConditionCheck> checks =
        new ArrayList<>(
            List.of(
                new RegistryEncryptionCheck(),
                new IdentityCheck(),
                new KeyVaultAccessCheck(),
                new KeyUsabilityCheck(),
                new KeyRotationCheck(),
                new RecoveryProtectionCheck()));
    checks.set(ConditionTypes.CHECKED.indexOf(type), replacement);
    return checks;
  }

  @Test
  void returnsSixTrueResultsInCheckedOrderForHealthyRegistry() {
    List<CheckResult> results = new HealthChecks().evaluate(healthy().input());

    assertThat(results).extracting(CheckResult::type).isEqualTo(ConditionTypes.CHECKED);
    assertThat(results).extracting(CheckResult::status).containsOnly(ConditionStatus.True);
    assertThat(results)
        .extracting(CheckResult::reason)
        .containsExactly(
            Reason.Encrypted,
            Reason.IdentityAssigned,
            Reason.VaultAccessible,
            Reason.KeyActive,
            Reason.RotationCurrent,
            Reason.RecoveryEnabled);
  }

  @Test
  void convertsExceptionInOneFamilyIntoUnknown() {
    HealthChecks checks =
        new HealthChecks(
            replacing(ConditionTypes.KEY_USABLE, new ThrowingCheck(ConditionTypes.KEY_USABLE)));

    List<CheckResult> results = checks.evaluate(healthy().input());

    assertThat(results).extracting(CheckResult::type).isEqualTo(ConditionTypes.CHECKED);
    CheckResult keyUsable = results.get(3);
    assertThat(keyUsable.status()).isEqualTo(ConditionStatus.Unknown);
    assertThat(keyUsable.reason()).isEqualTo(Reason.CheckFailed);
    assertThat(keyUsable.message())
        .isEqualTo(
            "the KeyUsable check failed with java.lang.IllegalStateException, a bug in the"
                + " operator; the other conditions are unaffected");
    assertThat(results.get(4).status()).isEqualTo(ConditionStatus.True);
  }

  @Test
  void namesTheStepWhereARealFamilyFailed() {
    AzureSnapshot complete = healthy().snapshot();
    AzureSnapshot withoutKey =
        new AzureSnapshot(
            complete.readAt(),
            complete.registry(),
            complete.identity(),
            complete.vault(),
            complete.deletedVault(),
            null,
            complete.keyVersions(),
            complete.deletedKey(),
            complete.roleAssignments(),
            complete.roleDefinitions());
    CheckInput input = new CheckInput(healthy().target(), withoutKey, SnapshotBuilder.NOW, null);

    List<CheckResult> results = new HealthChecks().evaluate(input);

    CheckResult keyUsable = results.get(3);
    assertThat(keyUsable.reason()).isEqualTo(Reason.CheckFailed);
    assertThat(keyUsable.message())
        .contains("in step 'key exists' with java.lang.NullPointerException");
    assertThat(results.get(0).status()).isEqualTo(ConditionStatus.True);
    assertThat(results.get(5).status()).isEqualTo(ConditionStatus.True);
  }

  @Test
  void convertsNullOrMistypedResultIntoUnknown() {
    ConditionCheck returnsNull =
        new ConditionCheck() {
          @Override
          public String conditionType() {
            return ConditionTypes.RECOVERY_PROTECTED;
          }

          @Override
          public CheckResult evaluate(CheckInput input) {
            return null;
          }
        };
    ConditionCheck mistyped =
        new ConditionCheck() {
          @Override
          public String conditionType() {
            return ConditionTypes.KEY_ROTATION_CURRENT;
          }

          @Override
          public CheckResult evaluate(CheckInput input) {
            return CheckResult.passed(ConditionTypes.KEY_USABLE, Reason.KeyActive, "wrong type");
          }
        };
    List<ConditionCheck> families = replacing(ConditionTypes.RECOVERY_PROTECTED, returnsNull);
    families.set(4, mistyped);

    List<CheckResult> results = new HealthChecks(families).evaluate(healthy().input());

    assertThat(results.get(4).reason()).isEqualTo(Reason.CheckFailed);
    assertThat(results.get(4).type()).isEqualTo(ConditionTypes.KEY_ROTATION_CURRENT);
    assertThat(results.get(5).reason()).isEqualTo(Reason.CheckFailed);
  }

  @Test
  void returnsUnknownForEveryConditionWithoutInput() {
    List<CheckResult> results = new HealthChecks().evaluate(null);

    assertThat(results).extracting(CheckResult::type).isEqualTo(ConditionTypes.CHECKED);
    assertThat(results).extracting(CheckResult::status).containsOnly(ConditionStatus.Unknown);
  }

  @Test
  void rejectsFamiliesOutOfOrder() {
    List<ConditionCheck> reversed = replacing(ConditionTypes.KEY_USABLE, new KeyUsabilityCheck());
    Collections.reverse(reversed);

    assertThatThrownBy(() -> new HealthChecks(reversed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected [RegistryEncrypted, IdentityHealthy");
  }

  @Test
  void reportsUnknownWhenRegistryIsMissing() {
    List<CheckResult> results =
        new HealthChecks()
            .evaluate(healthy().registry(Observed.notFound("ResourceNotFound")).input());

    assertThat(results.get(0).reason()).isEqualTo(Reason.RegistryNotFound);
    assertThat(results.get(1).status()).isEqualTo(ConditionStatus.Unknown);
    assertThat(results.get(1).reason()).isEqualTo(Reason.DependencyNotReady);
    assertThat(results.subList(2, 6))
        .extracting(CheckResult::status)
        .containsOnly(ConditionStatus.True);
  }

  @Test
  void reportsFindingsOfIndependentFamiliesTogether() {
    List<CheckResult> results =
        new HealthChecks()
            .evaluate(
                healthy()
                    .systemAssigned()
                    .vault(
                        v -> {
                          v.networkAcls = new NetworkAcls("None", "Deny", List.of(), List.of());
                          v.purgeProtection = false;
                        })
                    .input());

    assertThat(results.get(2).reason()).isEqualTo(Reason.TrustedServicesBypassDisabled);
    assertThat(results.get(5).reason()).isEqualTo(Reason.PurgeProtectionDisabled);
    assertThat(results.get(0).status()).isEqualTo(ConditionStatus.True);
  }
}
