package io.acrcmk.operator.check;

import static io.acrcmk.operator.check.CheckAssertions.assertFalse;
import static io.acrcmk.operator.check.CheckAssertions.assertTrue;
import static io.acrcmk.operator.check.CheckAssertions.assertUnknown;
import static io.acrcmk.operator.check.SnapshotBuilder.CURRENT_VERSION;
import static io.acrcmk.operator.check.SnapshotBuilder.IDENTITY_ID;
import static io.acrcmk.operator.check.SnapshotBuilder.KEY_URI;
import static io.acrcmk.operator.check.SnapshotBuilder.NOW;
import static io.acrcmk.operator.check.SnapshotBuilder.OLD_VERSION;
import static io.acrcmk.operator.check.SnapshotBuilder.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.api.Severity;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeyRotationCheckTest {

  private static final String NEW_VERSION = "1234567890abcdef1234567890abcdef";

  private static CheckResult evaluate(SnapshotBuilder builder) {
    return new KeyRotationCheck().evaluate(builder.input());
  }

  @Test
  void reportsRotationCurrentForHealthyVersionlessRegistry() {
    CheckResult result = assertTrue(evaluate(healthy()), Reason.RotationCurrent);

    assertThat(result.message())
        .isEqualTo(
            "version "
                + CURRENT_VERSION
                + " of key acr-cmk (used by registry contosoacr) is the"
                + " newest enabled version and expires at 2027-02-19T12:00:00Z");
  }

  @Test
  void reportsKeyVersionBehindWhenPinnedVersionIsOlder() {
    CheckResult result =
        assertFalse(evaluate(healthy().pinnedTo(OLD_VERSION)), Reason.KeyVersionBehind);

    assertThat(result.severity()).isEqualTo(Severity.Warning);
    assertThat(result.message())
        .startsWith("the policy pins version " + OLD_VERSION + " of key acr-cmk, created at")
        .contains(
            "but version " + CURRENT_VERSION,
            "az acr encryption rotate-key -n contosoacr --key-encryption-key "
                + KEY_URI
                + "/"
                + CURRENT_VERSION
                + " --identity "
                + IDENTITY_ID)
        .endsWith("then set spec.key.version to " + CURRENT_VERSION);
    assertTrue(evaluate(healthy().pinnedTo(CURRENT_VERSION)), Reason.RotationCurrent);
  }

  @Test
  void reportsKeyVersionBehindWhenRegistryPinsAndPolicyIsVersionless() {
    CheckResult result =
        assertFalse(
            evaluate(
                healthy()
                    .registry(
                        r -> {
                          r.keyIdentifier = KEY_URI + "/" + OLD_VERSION;
                          r.versionedKeyIdentifier = KEY_URI + "/" + OLD_VERSION;
                        })),
            Reason.KeyVersionBehind);

    assertThat(result.message())
        .startsWith("registry contosoacr is pinned to version " + OLD_VERSION)
        .doesNotContain("spec.key.version");
  }

  @Test
  void ignoresDisabledNewerVersionWhenPinned() {
    assertTrue(
        evaluate(healthy().pinnedTo(OLD_VERSION).currentKey(k -> k.enabled = false)),
        Reason.RotationCurrent);
  }

  @Test
  void reportsRotationNotSyncedAfterAnHour() {
    CheckResult result =
        assertFalse(
            evaluate(healthy().newCurrentVersion(NEW_VERSION, NOW.minus(Duration.ofHours(2)))),
            Reason.RotationNotSynced);

    assertThat(result.message())
        .isEqualTo(
            "registry contosoacr follows the latest version of key acr-cmk but still uses version "
                + CURRENT_VERSION
                + ", although version "
                + NEW_VERSION
                + " was created at 2026-03-01T10:00:00Z and ACR moves within an hour; trigger the"
                + " move with: az acr encryption rotate-key -n contosoacr --key-encryption-key "
                + KEY_URI
                + " --identity "
                + IDENTITY_ID);
  }

  @Test
  void acceptsVersionlessRegistryWithinTheHour() {
    CheckResult result =
        assertTrue(
            evaluate(healthy().newCurrentVersion(NEW_VERSION, NOW.minus(Duration.ofMinutes(30)))),
            Reason.RotationCurrent);

    assertThat(result.message()).contains("version " + NEW_VERSION + " is less than an hour old");
  }

  @Test
  void ignoresNewestVersionThatIsDisabled() {
    assertTrue(
        evaluate(
            healthy()
                .newCurrentVersion(NEW_VERSION, NOW.minus(Duration.ofHours(5)))
                .currentKey(k -> k.enabled = false)),
        Reason.RotationCurrent);
  }

  @Test
  void reportsKeyExpiringSoonWithinTheWarningWindow() {
    SnapshotBuilder expiring = healthy().currentKey(k -> k.expires = NOW.plus(Duration.ofDays(10)));

    CheckResult result = assertFalse(evaluate(expiring), Reason.KeyExpiringSoon);

    assertThat(result.message())
        .contains(
            "expires at 2026-03-11T12:00:00Z, in 10 days, within the warning window of 30 days",
            "az keyvault key rotate --vault-name contoso-kv --name acr-cmk")
        .doesNotContain("rotate-key");
    assertTrue(evaluate(expiring.keyExpiryWarning(Duration.ofDays(7))), Reason.RotationCurrent);
  }

  @Test
  void asksToMovePinnedRegistryAfterRotatingExpiringKey() {
    CheckResult result =
        assertFalse(
            evaluate(
                healthy()
                    .pinnedTo(CURRENT_VERSION)
                    .currentKey(k -> k.expires = NOW.plus(Duration.ofHours(3)))),
            Reason.KeyExpiringSoon);

    assertThat(result.message())
        .contains("in less than a day", "then move the registry to it with az acr encryption");
  }

  @Test
  void usesDefaultWarningWindowWhenPolicyGivesNone() {
    assertFalse(
        evaluate(
            healthy()
                .keyExpiryWarning(null)
                .currentKey(k -> k.expires = NOW.plus(Duration.ofDays(20)))),
        Reason.KeyExpiringSoon);
  }

  @Test
  void reportsUnknownWhenKeyVersionsReadFails() {
    ReadFailure failure =
        SnapshotBuilder.failure(ReadFailure.Kind.UNAVAILABLE, "keys.listVersions");

    CheckResult result =
        assertUnknown(
            evaluate(healthy().keyVersions(Observed.failed(failure))), Reason.AzureUnavailable);

    assertThat(result.message()).startsWith("could not read the versions of key acr-cmk");
  }

  @Test
  void reportsDependencyNotReadyWhenKeyIsMissing() {
    CheckResult result =
        assertUnknown(
            evaluate(healthy().key(Observed.notFound("KeyNotFound"))), Reason.DependencyNotReady);

    assertThat(result.message()).isEqualTo("key acr-cmk in vault contoso-kv not found");
  }

  @Test
  void reportsDependencyNotReadyWhenPinnedVersionIsMissing() {
    assertUnknown(
        evaluate(healthy().policyPins("eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee")),
        Reason.DependencyNotReady);
  }
}
