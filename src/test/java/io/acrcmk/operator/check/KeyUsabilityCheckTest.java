package io.acrcmk.operator.check;

import static io.acrcmk.operator.check.CheckAssertions.assertFalse;
import static io.acrcmk.operator.check.CheckAssertions.assertTrue;
import static io.acrcmk.operator.check.CheckAssertions.assertUnknown;
import static io.acrcmk.operator.check.SnapshotBuilder.CURRENT_VERSION;
import static io.acrcmk.operator.check.SnapshotBuilder.KEY_URI;
import static io.acrcmk.operator.check.SnapshotBuilder.NOW;
import static io.acrcmk.operator.check.SnapshotBuilder.OLD_VERSION;
import static io.acrcmk.operator.check.SnapshotBuilder.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.azure.snapshot.DeletedKeyState;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyUsabilityCheckTest {

  private static final String MISSING_VERSION = "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";

  private static CheckResult evaluate(SnapshotBuilder builder) {
    return new KeyUsabilityCheck().evaluate(builder.input());
  }

  private static SnapshotBuilder keyMissing(Observed<DeletedKeyState> deletedKey) {
    return healthy()
        .key(Observed.notFound("KeyNotFound"))
        .keyVersions(Observed.skipped("the key was not found"))
        .deletedKey(deletedKey);
  }

  @Test
  void reportsKeyActiveForHealthyKey() {
    CheckResult result = assertTrue(evaluate(healthy()), Reason.KeyActive);

    assertThat(result.message())
        .isEqualTo(
            "version "
                + CURRENT_VERSION
                + " of key acr-cmk (used by registry contosoacr) in vault"
                + " contoso-kv is enabled, active, RSA 2048-bit, allows wrapKey and unwrapKey, and"
                + " expires at 2027-02-19T12:00:00Z");
  }

  @Test
  void reportsDependencyNotReadyWhenVaultIsMissing() {
    CheckResult result =
        assertUnknown(
            evaluate(healthy().vaultDeleted(Observed.notFound("no deleted vault"))),
            Reason.DependencyNotReady);

    assertThat(result.message())
        .isEqualTo("vault contoso-kv not found, so key acr-cmk cannot be checked");
  }

  @Test
  void reportsKeyNotFoundWhenKeyIsNotSoftDeleted() {
    CheckResult result =
        assertFalse(evaluate(keyMissing(Observed.notFound("KeyNotFound"))), Reason.KeyNotFound);

    assertThat(result.message())
        .startsWith("key acr-cmk not found in vault contoso-kv nor among its deleted keys")
        .contains("check spec.key.name");
  }

  @Test
  void reportsKeySoftDeletedWhenDeletedKeyIsFound() {
    DeletedKeyState deleted =
        new DeletedKeyState(
            "acr-cmk",
            "https://contoso-kv.vault.azure.net/deletedkeys/acr-cmk",
            NOW.minus(Duration.ofDays(2)),
            NOW.plus(Duration.ofDays(88)));

    CheckResult result =
        assertFalse(evaluate(keyMissing(Observed.found(deleted))), Reason.KeySoftDeleted);

    assertThat(result.message())
        .isEqualTo(
            "key acr-cmk in vault contoso-kv was deleted at 2026-02-27T12:00:00Z and can be"
                + " recovered until 2026-05-28T12:00:00Z; recover it with:"
                + " az keyvault key recover --vault-name contoso-kv --name acr-cmk");
  }

  @Test
  void reportsKeyNotFoundWhenDeletedKeyReadIsRefused() {
    ReadFailure firewall =
        new ReadFailure(
            ReadFailure.Kind.FORBIDDEN,
            "keys.getDeleted",
            403,
            "ForbiddenByFirewall",
            "Client address is not authorized and caller is not a trusted service.",
            "kv-req-1",
            null);

    CheckResult result =
        assertFalse(evaluate(keyMissing(Observed.failed(firewall))), Reason.KeyNotFound);

    assertThat(result.message())
        .contains(
            "whether it is soft-deleted is unknown because keys.getDeleted failed with HTTP 403"
                + " (ForbiddenByFirewall)",
            "request ID kv-req-1",
            "the vault's firewall refused the operator, which says nothing about the registry's"
                + " own access");
  }

  @Test
  void reportsAzureTimeoutWhenKeyReadTimesOut() {
    ReadFailure failure = SnapshotBuilder.failure(ReadFailure.Kind.TIMED_OUT, "keys.get");

    CheckResult result =
        assertUnknown(evaluate(healthy().key(Observed.failed(failure))), Reason.AzureTimeout);

    assertThat(result.message())
        .isEqualTo(
            "could not read key acr-cmk in vault contoso-kv: keys.get failed: no response in 30s");
  }

  @Test
  void reportsUnknownWhenRegistryReadFails() {
    ReadFailure failure = SnapshotBuilder.failure(ReadFailure.Kind.UNAVAILABLE, "registries.get");

    assertUnknown(evaluate(healthy().registry(Observed.failed(failure))), Reason.AzureUnavailable);
  }

  @Test
  void evaluatesPinnedVersionWhenRegistryIsMissing() {
    CheckResult result =
        assertFalse(
            evaluate(
                healthy()
                    .pinnedTo(OLD_VERSION)
                    .registry(Observed.notFound("ResourceNotFound"))
                    .keyVersion(OLD_VERSION, k -> k.enabled = false)),
            Reason.KeyDisabled);

    assertThat(result.message()).contains(OLD_VERSION + " of key acr-cmk (pinned by the policy)");
  }

  @Test
  void evaluatesCurrentVersionWhenRegistryHasNoCustomerManagedKey() {
    CheckResult result =
        assertFalse(
            evaluate(
                healthy()
                    .registry(r -> r.hasKeyVaultProperties = false)
                    .currentKey(k -> k.enabled = false)),
            Reason.KeyDisabled);

    assertThat(result.message()).contains("(the current version)");
  }

  @Test
  void reportsKeyVersionNotFoundWhenPinnedVersionIsMissing() {
    CheckResult result =
        assertFalse(evaluate(healthy().policyPins(MISSING_VERSION)), Reason.KeyVersionNotFound);

    assertThat(result.message())
        .isEqualTo(
            "version "
                + MISSING_VERSION
                + " of key acr-cmk, pinned by the policy, does not exist"
                + " in vault contoso-kv; Key Vault never deletes single versions, so check"
                + " spec.key.version (the current version is "
                + CURRENT_VERSION
                + ")");
  }

  @Test
  void reportsKeyVersionNotFoundWhenVersionInUseIsMissing() {
    CheckResult result =
        assertFalse(
            evaluate(
                healthy()
                    .registry(r -> r.versionedKeyIdentifier = KEY_URI + "/" + MISSING_VERSION)),
            Reason.KeyVersionNotFound);

    assertThat(result.message())
        .contains(
            "(used by registry contosoacr) does not exist in vault contoso-kv",
            "az acr encryption rotate-key -n contosoacr --key-encryption-key " + KEY_URI);
  }

  @Test
  void reportsUnknownWhenVersionListReadFailsForOlderVersionInUse() {
    ReadFailure failure = SnapshotBuilder.failure(ReadFailure.Kind.THROTTLED, "keys.listVersions");

    assertUnknown(
        evaluate(
            healthy()
                .registry(r -> r.versionedKeyIdentifier = KEY_URI + "/" + OLD_VERSION)
                .keyVersions(Observed.failed(failure))),
        Reason.AzureThrottled);
  }

  @Test
  void evaluatesTheVersionTheRegistryUsesNotTheCurrentOne() {
    SnapshotBuilder usesOld =
        healthy().registry(r -> r.versionedKeyIdentifier = KEY_URI + "/" + OLD_VERSION);

    assertTrue(evaluate(usesOld.currentKey(k -> k.enabled = false)), Reason.KeyActive);
    assertFalse(
        evaluate(usesOld.keyVersion(OLD_VERSION, k -> k.enabled = false)), Reason.KeyDisabled);
  }

  @Test
  void reportsKeyDisabledWhenVersionInUseIsDisabled() {
    CheckResult result =
        assertFalse(evaluate(healthy().currentKey(k -> k.enabled = false)), Reason.KeyDisabled);

    assertThat(result.message())
        .endsWith(
            "az keyvault key set-attributes --vault-name contoso-kv --name acr-cmk --version "
                + CURRENT_VERSION
                + " --enabled true");
  }

  @Test
  void reportsKeyExpiredWhenExpiryHasPassed() {
    CheckResult result =
        assertFalse(
            evaluate(healthy().currentKey(k -> k.expires = NOW.minusSeconds(1))),
            Reason.KeyExpired);

    assertThat(result.message())
        .contains(
            "expired at 2026-03-01T11:59:59Z",
            "az keyvault key rotate --vault-name contoso-kv --name acr-cmk");
    assertTrue(
        evaluate(healthy().currentKey(k -> k.expires = NOW.plusSeconds(1))), Reason.KeyActive);
  }

  @Test
  void reportsKeyNotYetValidWhenNotBeforeIsInTheFuture() {
    CheckResult result =
        assertFalse(
            evaluate(healthy().currentKey(k -> k.notBefore = NOW.plus(Duration.ofHours(1)))),
            Reason.KeyNotYetValid);

    assertThat(result.message())
        .contains("is not valid before 2026-03-01T13:00:00Z", "--not-before 2026-03-01T12:00:00Z");
    assertTrue(evaluate(healthy().currentKey(k -> k.notBefore = NOW)), Reason.KeyActive);
  }

  @ParameterizedTest
  @ValueSource(strings = {"EC", "EC-HSM", "oct", "oct-HSM"})
  void reportsUnsupportedKeyTypeForNonRsaKey(String keyType) {
    CheckResult result =
        assertFalse(
            evaluate(healthy().currentKey(k -> k.keyType = keyType)), Reason.UnsupportedKeyType);

    assertThat(result.message())
        .contains(
            "has type " + keyType,
            "az keyvault key create --vault-name contoso-kv --name acr-cmk --kty RSA --size 2048");
  }

  @ParameterizedTest
  @ValueSource(strings = {"RSA", "RSA-HSM", "rsa-hsm"})
  void acceptsRsaKeyTypes(String keyType) {
    assertTrue(evaluate(healthy().currentKey(k -> k.keyType = keyType)), Reason.KeyActive);
  }

  @Test
  void reportsAzureResponseInvalidWhenKeyTypeIsMissing() {
    assertUnknown(
        evaluate(healthy().currentKey(k -> k.keyType = null)), Reason.AzureResponseInvalid);
  }

  @Test
  void reportsKeyTooSmallForShortRsaKey() {
    CheckResult result =
        assertFalse(evaluate(healthy().currentKey(k -> k.keySize = 1024)), Reason.KeyTooSmall);

    assertThat(result.message()).contains("has 1024 bits, fewer than the 2048 ACR needs");
    assertTrue(evaluate(healthy().currentKey(k -> k.keySize = 3072)), Reason.KeyActive);
    assertTrue(evaluate(healthy().currentKey(k -> k.keySize = null)), Reason.KeyActive);
  }

  @Test
  void reportsKeyOperationsMissingWhenUnwrapIsNotAllowed() {
    CheckResult result =
        assertFalse(
            evaluate(
                healthy()
                    .currentKey(k -> k.keyOps = new ArrayList<>(List.of("encrypt", "wrapKey")))),
            Reason.KeyOperationsMissing);

    assertThat(result.message())
        .contains(
            "does not allow unwrapKey (allowed: encrypt, wrapKey)",
            "--version " + CURRENT_VERSION + " --ops encrypt wrapKey unwrapKey");
  }

  @Test
  void treatsEmptyKeyOperationsAsAllAllowed() {
    assertTrue(evaluate(healthy().currentKey(k -> k.keyOps = List.of())), Reason.KeyActive);
    assertTrue(evaluate(healthy().currentKey(k -> k.keyOps = null)), Reason.KeyActive);
    assertTrue(
        evaluate(healthy().currentKey(k -> k.keyOps = List.of("WRAPKEY", "UnwrapKey"))),
        Reason.KeyActive);
  }

  @Test
  void reportsNotYetValidBeforeTypeWhenBothAreWrong() {
    Instant later = NOW.plus(Duration.ofDays(1));

    assertFalse(
        evaluate(
            healthy()
                .currentKey(
                    k -> {
                      k.notBefore = later;
                      k.keyType = "EC";
                    })),
        Reason.KeyNotYetValid);
  }
}
