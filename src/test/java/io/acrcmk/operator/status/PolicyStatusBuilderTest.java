package io.acrcmk.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.api.RegistryEncryptionPolicyStatus;
import io.acrcmk.operator.check.CheckResult;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyStatusBuilderTest {

  private static final Instant FIRST = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant SECOND = Instant.parse("2026-03-01T10:05:00Z");

  @Test
  void everyConditionCarriesReasonMessageAndGeneration() {
    RegistryEncryptionPolicyStatus status = build(null, 3L, healthy(), FIRST);

    assertThat(status.getConditions()).hasSize(7);
    for (Condition condition : status.getConditions()) {
      assertThat(condition.getReason()).as(condition.getType()).isNotBlank();
      assertThat(condition.getMessage()).as(condition.getType()).isNotBlank();
      assertThat(condition.getObservedGeneration()).as(condition.getType()).isEqualTo(3L);
      assertThat(condition.getLastTransitionTime()).isEqualTo("2026-03-01T10:00:00Z");
    }
    assertThat(status.getObservedGeneration()).isEqualTo(3L);
    assertThat(status.getLastCheckTime()).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(status.getRegistryName()).isEqualTo("contosoprodacr");
  }

  @Test
  void transitionTimeKeptWhileStatusUnchanged() {
    RegistryEncryptionPolicyStatus first = build(null, 1L, healthy(), FIRST);
    RegistryEncryptionPolicyStatus second = build(first, 2L, healthy(), SECOND);

    Condition ready = find(second, ConditionTypes.READY);
    assertThat(ready.getLastTransitionTime()).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(ready.getObservedGeneration()).isEqualTo(2L);
    assertThat(second.getLastCheckTime()).isEqualTo("2026-03-01T10:05:00Z");
  }

  @Test
  void transitionTimeMovesWhenStatusChanges() {
    RegistryEncryptionPolicyStatus first = build(null, 1L, healthy(), FIRST);
    List<CheckResult> broken = new ArrayList<>(healthy());
    broken.set(
        1,
        CheckResult.failed(
            ConditionTypes.IDENTITY_HEALTHY, Reason.IdentityNotAssigned, "identity x detached"));
    RegistryEncryptionPolicyStatus second = build(first, 1L, broken, SECOND);

    Condition identity = find(second, ConditionTypes.IDENTITY_HEALTHY);
    assertThat(identity.getStatus()).isEqualTo("False");
    assertThat(identity.getLastTransitionTime()).isEqualTo("2026-03-01T10:05:00Z");
    Condition registry = find(second, ConditionTypes.REGISTRY_ENCRYPTED);
    assertThat(registry.getLastTransitionTime()).isEqualTo("2026-03-01T10:00:00Z");
  }

  @Test
  void transitionTimeKeptWhenOnlyReasonChanges() {
    List<CheckResult> disabled = new ArrayList<>(healthy());
    disabled.set(
        3, CheckResult.failed(ConditionTypes.KEY_USABLE, Reason.KeyDisabled, "key disabled"));
    List<CheckResult> deleted = new ArrayList<>(healthy());
    deleted.set(
        3, CheckResult.failed(ConditionTypes.KEY_USABLE, Reason.KeySoftDeleted, "key deleted"));

    RegistryEncryptionPolicyStatus first = build(null, 1L, disabled, FIRST);
    RegistryEncryptionPolicyStatus second = build(first, 1L, deleted, SECOND);

    Condition key = find(second, ConditionTypes.KEY_USABLE);
    assertThat(key.getReason()).isEqualTo("KeySoftDeleted");
    assertThat(key.getLastTransitionTime()).isEqualTo("2026-03-01T10:00:00Z");
  }

  @Test
  void keyVersionAndExpiryShownInStatus() {
    RegistryEncryptionPolicyStatus status =
        PolicyStatusBuilder.checked(
            null,
            1L,
            healthy(),
            new KeyInUse("0123456789abcdef0123456789abcdef", Instant.parse("2027-01-01T00:00:00Z")),
            "contosoprodacr",
            FIRST);

    assertThat(status.getKeyVersion()).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(status.getKeyExpiresOn()).isEqualTo("2027-01-01T00:00:00Z");
  }

  @Test
  void invalidSpecIsReadyFalseAndOthersUnknown() {
    RegistryEncryptionPolicyStatus status =
        PolicyStatusBuilder.invalidSpec(null, 4L, "spec.checkInterval: invalid", FIRST);

    Condition ready = find(status, ConditionTypes.READY);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(ready.getMessage()).contains("spec.checkInterval: invalid");
    assertThat(find(status, ConditionTypes.KEY_USABLE).getStatus()).isEqualTo("Unknown");
    assertThat(status.getObservedGeneration()).isEqualTo(4L);
  }

  @Test
  void suspendedKeepsLastConditionsAndMarksReadyUnknown() {
    RegistryEncryptionPolicyStatus first = build(null, 1L, healthy(), FIRST);
    RegistryEncryptionPolicyStatus suspended = PolicyStatusBuilder.suspended(first, 2L, SECOND);

    assertThat(find(suspended, ConditionTypes.READY).getReason()).isEqualTo("Suspended");
    assertThat(find(suspended, ConditionTypes.READY).getStatus()).isEqualTo("Unknown");
    assertThat(find(suspended, ConditionTypes.KEY_USABLE).getStatus()).isEqualTo("True");
    assertThat(suspended.getLastCheckTime()).isEqualTo("2026-03-01T10:00:00Z");
  }

  @Test
  void operatorErrorKeepsFactsAndMarksReadyUnknown() {
    RegistryEncryptionPolicyStatus first = build(null, 1L, healthy(), FIRST);
    RegistryEncryptionPolicyStatus failed =
        PolicyStatusBuilder.operatorError(first, 1L, "IllegalStateException: boom", SECOND);

    Condition ready = find(failed, ConditionTypes.READY);
    assertThat(ready.getStatus()).isEqualTo("Unknown");
    assertThat(ready.getReason()).isEqualTo("OperatorError");
    assertThat(ready.getMessage()).contains("IllegalStateException: boom");
    assertThat(find(failed, ConditionTypes.REGISTRY_ENCRYPTED).getStatus()).isEqualTo("True");
  }

  static List<CheckResult> healthy() {
    return List.of(
        CheckResult.passed(ConditionTypes.REGISTRY_ENCRYPTED, Reason.Encrypted, "encrypted"),
        CheckResult.passed(ConditionTypes.IDENTITY_HEALTHY, Reason.IdentityAssigned, "assigned"),
        CheckResult.passed(ConditionTypes.KEY_VAULT_ACCESSIBLE, Reason.VaultAccessible, "ok"),
        CheckResult.passed(ConditionTypes.KEY_USABLE, Reason.KeyActive, "active"),
        CheckResult.passed(ConditionTypes.KEY_ROTATION_CURRENT, Reason.RotationCurrent, "current"),
        CheckResult.passed(ConditionTypes.RECOVERY_PROTECTED, Reason.RecoveryEnabled, "on"));
  }

  /** The API server rejects a status whose condition message is longer than 32768 characters. */
  @Test
  void hugeMessagesFitConditionLimit() {
    String huge = "a".repeat(200_000);
    List<CheckResult> broken = new ArrayList<>(healthy());
    broken.set(
        0,
        CheckResult.failed(
            ConditionTypes.REGISTRY_ENCRYPTED, Reason.KeyDrift, "key identifier " + huge));
    broken.set(
        4,
        CheckResult.failed(
            ConditionTypes.KEY_ROTATION_CURRENT, Reason.KeyExpiringSoon, "expires " + huge));

    RegistryEncryptionPolicyStatus checked = build(null, 1L, broken, FIRST);
    RegistryEncryptionPolicyStatus invalid =
        PolicyStatusBuilder.invalidSpec(null, 1L, "spec.key.name " + huge, FIRST);
    RegistryEncryptionPolicyStatus failed =
        PolicyStatusBuilder.operatorError(checked, 1L, "IllegalStateException: " + huge, FIRST);

    for (RegistryEncryptionPolicyStatus status : List.of(checked, invalid, failed)) {
      for (Condition condition : status.getConditions()) {
        assertThat(condition.getMessage().length())
            .as(condition.getType())
            .isLessThanOrEqualTo(32768);
      }
    }
    assertThat(find(checked, ConditionTypes.REGISTRY_ENCRYPTED).getMessage())
        .startsWith("key identifier aaa")
        .endsWith("...");
  }

  private static RegistryEncryptionPolicyStatus build(
      RegistryEncryptionPolicyStatus previous,
      Long generation,
      List<CheckResult> results,
      Instant now) {
    return PolicyStatusBuilder.checked(
        previous, generation, results, new KeyInUse(null, null), "contosoprodacr", now);
  }

  private static Condition find(RegistryEncryptionPolicyStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }
}
