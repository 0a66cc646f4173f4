package io.acrcmk.operator.check;

import static io.acrcmk.operator.check.CheckAssertions.assertFalse;
import static io.acrcmk.operator.check.CheckAssertions.assertTrue;
import static io.acrcmk.operator.check.CheckAssertions.assertUnknown;
import static io.acrcmk.operator.check.SnapshotBuilder.CLIENT_ID;
import static io.acrcmk.operator.check.SnapshotBuilder.CURRENT_VERSION;
import static io.acrcmk.operator.check.SnapshotBuilder.IDENTITY_ID;
import static io.acrcmk.operator.check.SnapshotBuilder.KEY_URI;
import static io.acrcmk.operator.check.SnapshotBuilder.OLD_VERSION;
import static io.acrcmk.operator.check.SnapshotBuilder.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryEncryptionCheckTest {

  private static final String OTHER_CLIENT_ID = "aa11bb22-cc33-4d44-8e55-ff6677889900";

  private static CheckResult evaluate(SnapshotBuilder builder) {
    return new RegistryEncryptionCheck().evaluate(builder.input());
  }

  @Test
  void reportsEncryptedForHealthyRegistry() {
    CheckResult result = assertTrue(evaluate(healthy()), Reason.Encrypted);

    assertThat(result.message())
        .isEqualTo(
            "registry contosoacr is encrypted with key "
                + KEY_URI
                + " using identity "
                + IDENTITY_ID);
  }

  @Test
  void reportsEncryptedForSystemAssignedPolicy() {
    CheckResult result = assertTrue(evaluate(healthy().systemAssigned()), Reason.Encrypted);

    assertThat(result.message()).contains("the system-assigned identity of registry contosoacr");
  }

  @Test
  void reportsRegistryNotFoundWhenArmReturns404() {
    CheckResult result =
        assertFalse(
            evaluate(healthy().registry(Observed.notFound("ResourceNotFound"))),
            Reason.RegistryNotFound);

    assertThat(result.message())
        .startsWith("registry contosoacr not found in resource group acr-rg of subscription ")
        .contains(
            "az acr create -n contosoacr -g acr-rg --sku Premium --identity "
                + IDENTITY_ID
                + " --key-encryption-key https://contoso-kv.vault.azure.net/keys/acr-cmk");
  }

  @Test
  void reportsUnknownWhenRegistryReadIsThrottled() {
    ReadFailure failure = SnapshotBuilder.failure(ReadFailure.Kind.THROTTLED, "registries.get");

    CheckResult result =
        assertUnknown(
            evaluate(healthy().registry(Observed.failed(failure))), Reason.AzureThrottled);

    assertThat(result.message())
        .startsWith("could not read registry contosoacr: registries.get failed with HTTP 429")
        .contains("(TooManyRequests)", "request ID req-429");
  }

  @Test
  void reportsDependencyNotReadyWhenRegistryReadWasSkipped() {
    CheckResult result =
        assertUnknown(
            evaluate(healthy().registry(Observed.skipped("the subscription is not registered"))),
            Reason.DependencyNotReady);

    assertThat(result.message()).contains("the subscription is not registered");
  }

  @Test
  void reportsSkuNotPremiumWhenSkuIsStandard() {
    CheckResult result =
        assertFalse(evaluate(healthy().registry(r -> r.sku = "Standard")), Reason.SkuNotPremium);

    assertThat(result.message())
        .isEqualTo(
            "registry contosoacr has SKU Standard, but customer-managed keys need Premium;"
                + " upgrade it with: az acr update -n contosoacr --sku Premium");
    assertTrue(evaluate(healthy().registry(r -> r.sku = "premium")), Reason.Encrypted);
  }

  @Test
  void reportsEncryptionDisabledWhenEncryptionBlockIsNull() {
    CheckResult result =
        assertFalse(
            evaluate(healthy().registry(r -> r.hasEncryptionBlock = false)),
            Reason.EncryptionDisabled);

    assertThat(result.message())
        .contains("has no encryption settings", "az acr create -n contosoacr -g acr-rg");
  }

  @Test
  void reportsEncryptionDisabledWhenKeyVaultPropertiesAreNull() {
    CheckResult result =
        assertFalse(
            evaluate(healthy().registry(r -> r.hasKeyVaultProperties = false)),
            Reason.EncryptionDisabled);

    assertThat(result.message()).contains("no key vault properties");
  }

  @Test
  void reportsEncryptionDisabledWhenStatusIsDisabled() {
    CheckResult result =
        assertFalse(
            evaluate(
                healthy()
                    .registry(
                        r -> {
                          r.encryptionStatus = "disabled";
                          r.hasKeyVaultProperties = false;
                        })),
            Reason.EncryptionDisabled);

    assertThat(result.message()).contains("has encryption status disabled");
    assertTrue(evaluate(healthy().registry(r -> r.encryptionStatus = "Enabled")), Reason.Encrypted);
  }

  @Test
  void offersPlaceholderIdentityInCreateCommandForSystemAssignedPolicy() {
    CheckResult result =
        assertFalse(
            evaluate(healthy().systemAssigned().registry(r -> r.hasEncryptionBlock = false)),
            Reason.EncryptionDisabled);

    assertThat(result.message()).contains("--identity <user-assigned-identity-id>");
  }

  @Test
  void reportsKeyDriftWhenKeyIdentifierNamesAnotherVaultHost() {
    CheckResult result =
        assertFalse(
            evaluate(
                healthy()
                    .registry(
                        r -> r.keyIdentifier = "https://other-kv.vault.azure.net/keys/acr-cmk")),
            Reason.KeyDrift);

    assertThat(result.message())
        .contains("in vault host other-kv.vault.azure.net", "declares vault contoso-kv")
        .contains(
            "az acr encryption rotate-key -n contosoacr --key-encryption-key "
                + KEY_URI
                + " --identity "
                + IDENTITY_ID);
  }

  @Test
  void reportsKeyDriftWhenKeyIdentifierIsAManagedHsmKey() {
    assertFalse(
        evaluate(
            healthy()
                .registry(
                    r -> r.keyIdentifier = "https://contoso-kv.managedhsm.azure.net/keys/acr-cmk")),
        Reason.KeyDrift);
  }

  @Test
  void comparesVaultByNameWhenVaultReadFailed() {
    ReadFailure failure = SnapshotBuilder.failure(ReadFailure.Kind.UNAVAILABLE, "vaults.get");

    assertTrue(evaluate(healthy().vault(Observed.failed(failure))), Reason.Encrypted);
    assertFalse(
        evaluate(
            healthy()
                .vault(Observed.failed(failure))
                .registry(r -> r.keyIdentifier = "https://other-kv.vault.azure.net/keys/acr-cmk")),
        Reason.KeyDrift);
  }

  @Test
  void reportsKeyDriftWhenKeyIdentifierNamesAnotherKey() {
    CheckResult result =
        assertFalse(
            evaluate(
                healthy()
                    .registry(
                        r -> r.keyIdentifier = "https://contoso-kv.vault.azure.net/keys/old-key")),
            Reason.KeyDrift);

    assertThat(result.message()).contains("uses key old-key", "declares key acr-cmk");
  }

  @Test
  void acceptsKeyIdentifierThatDiffersOnlyInCase() {
    assertTrue(
        evaluate(
            healthy()
                .registry(
                    r -> r.keyIdentifier = "HTTPS://Contoso-KV.Vault.Azure.NET/keys/ACR-CMK/")),
        Reason.Encrypted);
  }

  @Test
  void reportsKeyDriftWhenPinnedVersionDiffers() {
    CheckResult result =
        assertFalse(
            evaluate(
                healthy()
                    .pinnedTo(CURRENT_VERSION)
                    .registry(r -> r.keyIdentifier = KEY_URI + "/" + OLD_VERSION)),
            Reason.KeyDrift);

    assertThat(result.message())
        .contains(
            "is pinned to version " + OLD_VERSION, "the policy pins version " + CURRENT_VERSION)
        .contains("--key-encryption-key " + KEY_URI + "/" + CURRENT_VERSION);
    assertTrue(evaluate(healthy().pinnedTo(CURRENT_VERSION)), Reason.Encrypted);
  }

  @Test
  void reportsKeyDriftWhenVersionlessPolicyMeetsVersionedKeyIdentifier() {
    CheckResult result =
        assertFalse(
            evaluate(healthy().registry(r -> r.keyIdentifier = KEY_URI + "/" + CURRENT_VERSION)),
            Reason.KeyDrift);

    assertThat(result.message())
        .contains(
            "is pinned to version " + CURRENT_VERSION,
            "declares the versionless key, so the registry will not follow new key versions");
  }

  @Test
  void reportsKeyDriftWhenPolicyPinsButRegistryFollowsLatest() {
    CheckResult result =
        assertFalse(evaluate(healthy().policyPins(CURRENT_VERSION)), Reason.KeyDrift);

    assertThat(result.message())
        .contains("follows the latest version of key acr-cmk", "pins version " + CURRENT_VERSION);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not a url",
        "http://contoso-kv.vault.azure.net/keys/acr-cmk",
        "https://contoso-kv.vault.azure.net/secrets/acr-cmk",
        "https://contoso-kv.vault.azure.net/keys/acr-cmk/not-a-version",
        "https://localhost/keys/acr-cmk"
      })
  void reportsKeyDriftWhenKeyIdentifierIsMalformed(String keyIdentifier) {
    CheckResult result =
        assertFalse(
            evaluate(healthy().registry(r -> r.keyIdentifier = keyIdentifier)), Reason.KeyDrift);

    assertThat(result.message()).contains("which is invalid");
  }

  @Test
  void reportsIdentityDriftWhenEncryptionClientIdIsAnotherIdentity() {
    CheckResult result =
        assertFalse(
            evaluate(healthy().registry(r -> r.encryptionIdentity = OTHER_CLIENT_ID)),
            Reason.IdentityDrift);

    assertThat(result.message())
        .contains(
            "uses the identity with client ID " + OTHER_CLIENT_ID,
            "declares identity " + IDENTITY_ID + " (client ID " + CLIENT_ID + ")")
        .contains("--identity " + IDENTITY_ID);
    assertTrue(
        evaluate(healthy().registry(r -> r.encryptionIdentity = CLIENT_ID.toUpperCase())),
        Reason.Encrypted);
  }

  @Test
  void reportsIdentityDriftWhenUserAssignedPolicyMeetsSystemIdentity() {
    CheckResult result =
        assertFalse(
            evaluate(healthy().registry(r -> r.encryptionIdentity = "system")),
            Reason.IdentityDrift);

    assertThat(result.message()).contains("uses its system-assigned identity for its key vault");
  }

  @Test
  void reportsIdentityDriftWhenSystemPolicyMeetsUserAssignedIdentity() {
    CheckResult result =
        assertFalse(
            evaluate(healthy().systemAssigned().registry(r -> r.encryptionIdentity = CLIENT_ID)),
            Reason.IdentityDrift);

    assertThat(result.message()).endsWith("--identity [system]");
  }

  @Test
  void takesClientIdFromRegistryEntryWhenIdentityIsDeleted() {
    assertTrue(
        evaluate(healthy().identity(Observed.notFound("ResourceNotFound"))), Reason.Encrypted);
  }

  @Test
  void reportsDependencyNotReadyWhenDeletedIdentityIsNotAttached() {
    CheckResult result =
        assertUnknown(
            evaluate(
                healthy()
                    .identity(Observed.notFound("ResourceNotFound"))
                    .registry(r -> r.userAssigned = new ArrayList<>())),
            Reason.DependencyNotReady);

    assertThat(result.message()).contains("not found, so its client ID cannot be compared");
  }

  @Test
  void reportsUnknownWhenIdentityReadFailsAndRegistryHasNoEntry() {
    ReadFailure failure =
        SnapshotBuilder.failure(ReadFailure.Kind.TIMED_OUT, "userAssignedIdentities.get");

    assertUnknown(
        evaluate(
            healthy()
                .identity(Observed.failed(failure))
                .registry(r -> r.userAssigned = new ArrayList<>(List.of()))),
        Reason.AzureTimeout);
  }
}
