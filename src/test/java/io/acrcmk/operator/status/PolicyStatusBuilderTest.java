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
  private static final String VERSION = "0123456789abcdef0123456789abcdef";

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

  @Test
  void unknownKeepsLastKnownState() {
    RegistryEncryptionPolicyStatus first = build(null, 1L, healthy(), FIRST);
    RegistryEncryptionPolicyStatus outage = build(first, 1L, vaultUnread(), SECOND);

    Condition vault = find(outage, ConditionTypes.KEY_VAULT_ACCESSIBLE);
    assertThat(vault.getStatus()).isEqualTo("Unknown");
    assertThat(vault.getMessage())
        .isEqualTo(
            "could not read vault kv: HTTP 503."
                + " Last known: True (VaultAccessible) since 2026-03-01T10:00:00Z.");
    Condition ready = find(outage, ConditionTypes.READY);
    assertThat(ready.getStatus()).isEqualTo("Unknown");
    assertThat(ready.getMessage())
        .endsWith(" Last known: True (AllChecksPassed) since 2026-03-01T10:00:00Z.");
  }

  @Test
  void lastKnownStateSurvivesRepeatedUnknown() {
    List<CheckResult> detached = new ArrayList<>(healthy());
    detached.set(
        2,
        CheckResult.failed(
            ConditionTypes.KEY_VAULT_ACCESSIBLE,
            Reason.TrustedServicesBypassDisabled,
            "bypass off"));
    RegistryEncryptionPolicyStatus first = build(null, 1L, detached, FIRST);
    RegistryEncryptionPolicyStatus second = build(first, 1L, vaultUnread(), SECOND);
    RegistryEncryptionPolicyStatus third =
        build(second, 1L, vaultUnread(), SECOND.plusSeconds(300));

    String message = find(third, ConditionTypes.KEY_VAULT_ACCESSIBLE).getMessage();
    assertThat(message)
        .isEqualTo(
            "could not read vault kv: HTTP 503. Last known: False"
                + " (TrustedServicesBypassDisabled) since 2026-03-01T10:00:00Z.");
  }

  @Test
  void lastKnownSentenceFollowsAFullStop() {
    RegistryEncryptionPolicyStatus first = build(null, 1L, healthy(), FIRST);
    List<CheckResult> unread = new ArrayList<>(healthy());
    unread.set(
        2,
        CheckResult.unknown(
            ConditionTypes.KEY_VAULT_ACCESSIBLE,
            Reason.AzureUnavailable,
            "could not read vault kv: vaults.get failed with HTTP 503; request ID 4f2a"));
    RegistryEncryptionPolicyStatus outage = build(first, 1L, unread, SECOND);
    RegistryEncryptionPolicyStatus again = build(outage, 1L, unread, SECOND.plusSeconds(30));

    String expected =
        "could not read vault kv: vaults.get failed with HTTP 503; request ID 4f2a."
            + " Last known: True (VaultAccessible) since 2026-03-01T10:00:00Z.";
    assertThat(find(outage, ConditionTypes.KEY_VAULT_ACCESSIBLE).getMessage()).isEqualTo(expected);
    assertThat(find(again, ConditionTypes.KEY_VAULT_ACCESSIBLE).getMessage()).isEqualTo(expected);
  }

  @Test
  void lastKnownStateGoneOnceKnownAgain() {
    RegistryEncryptionPolicyStatus first = build(null, 1L, healthy(), FIRST);
    RegistryEncryptionPolicyStatus outage = build(first, 1L, vaultUnread(), SECOND);
    RegistryEncryptionPolicyStatus recovered =
        build(outage, 1L, healthy(), SECOND.plusSeconds(300));

    assertThat(find(recovered, ConditionTypes.KEY_VAULT_ACCESSIBLE).getMessage()).isEqualTo("ok");
  }

  @Test
  void lastKnownStateFitsMessageLimit() {
    RegistryEncryptionPolicyStatus first = build(null, 1L, healthy(), FIRST);
    List<CheckResult> unread = new ArrayList<>(healthy());
    unread.set(
        2,
        CheckResult.unknown(
            ConditionTypes.KEY_VAULT_ACCESSIBLE,
            Reason.AzureResponseInvalid,
            "could not read vault: " + "b".repeat(100_000)));
    RegistryEncryptionPolicyStatus outage = build(first, 1L, unread, SECOND);

    String message = find(outage, ConditionTypes.KEY_VAULT_ACCESSIBLE).getMessage();
    assertThat(message.length()).isLessThanOrEqualTo(32768);
    assertThat(message).endsWith("Last known: True (VaultAccessible) since 2026-03-01T10:00:00Z.");
  }

  @Test
  void keyVersionKeptWhenRegistryUnread() {
    RegistryEncryptionPolicyStatus first =
        PolicyStatusBuilder.checked(
            null,
            1L,
            healthy(),
            new KeyInUse(VERSION, Instant.parse("2027-01-01T00:00:00Z")),
            "contosoprodacr",
            FIRST);
    RegistryEncryptionPolicyStatus outage =
        PolicyStatusBuilder.checked(
            first, 1L, healthy(), new KeyInUse(null, null, false, false), "contosoprodacr", SECOND);

    assertThat(outage.getKeyVersion()).isEqualTo(VERSION);
    assertThat(outage.getKeyExpiresOn()).isEqualTo("2027-01-01T00:00:00Z");
  }

  @Test
  void keyExpiryKeptWhenVersionsUnread() {
    RegistryEncryptionPolicyStatus first =
        PolicyStatusBuilder.checked(
            null,
            1L,
            healthy(),
            new KeyInUse(VERSION, Instant.parse("2027-01-01T00:00:00Z")),
            "contosoprodacr",
            FIRST);
    RegistryEncryptionPolicyStatus sameVersion =
        PolicyStatusBuilder.checked(
            first,
            1L,
            healthy(),
            new KeyInUse(VERSION, null, true, false),
            "contosoprodacr",
            SECOND);
    String rotated = "fedcba9876543210fedcba9876543210";
    RegistryEncryptionPolicyStatus newVersion =
        PolicyStatusBuilder.checked(
            first,
            1L,
            healthy(),
            new KeyInUse(rotated, null, true, false),
            "contosoprodacr",
            SECOND);

    assertThat(sameVersion.getKeyExpiresOn()).isEqualTo("2027-01-01T00:00:00Z");
    assertThat(newVersion.getKeyVersion()).isEqualTo(rotated);
    assertThat(newVersion.getKeyExpiresOn()).isNull();
  }

  @Test
  void keyVersionClearedWhenRegistryHasNone() {
    RegistryEncryptionPolicyStatus first =
        PolicyStatusBuilder.checked(
            null, 1L, healthy(), new KeyInUse(VERSION, null), "contosoprodacr", FIRST);
    RegistryEncryptionPolicyStatus unencrypted =
        PolicyStatusBuilder.checked(
            first, 1L, healthy(), new KeyInUse(null, null), "contosoprodacr", SECOND);

    assertThat(unencrypted.getKeyVersion()).isNull();
  }

  private static List<CheckResult> vaultUnread() {
    List<CheckResult> results = new ArrayList<>(healthy());
    results.set(
        2,
        CheckResult.unknown(
            ConditionTypes.KEY_VAULT_ACCESSIBLE,
            Reason.AzureUnavailable,
            "could not read vault kv: HTTP 503."));
    return results;
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
