package io.acrcmk.operator.check;

import static io.acrcmk.operator.check.CheckAssertions.assertFalse;
import static io.acrcmk.operator.check.CheckAssertions.assertTrue;
import static io.acrcmk.operator.check.CheckAssertions.assertUnknown;
import static io.acrcmk.operator.check.SnapshotBuilder.CLIENT_ID;
import static io.acrcmk.operator.check.SnapshotBuilder.IDENTITY_ID;
import static io.acrcmk.operator.check.SnapshotBuilder.OTHER_TENANT;
import static io.acrcmk.operator.check.SnapshotBuilder.PRINCIPAL_ID;
import static io.acrcmk.operator.check.SnapshotBuilder.SUBSCRIPTION;
import static io.acrcmk.operator.check.SnapshotBuilder.SYSTEM_PRINCIPAL_ID;
import static io.acrcmk.operator.check.SnapshotBuilder.TENANT;
import static io.acrcmk.operator.check.SnapshotBuilder.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import io.acrcmk.operator.azure.snapshot.RegistryState.UserAssignedIdentityRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityCheckTest {

  private static final String OTHER_CLIENT_ID = "aa11bb22-cc33-4d44-8e55-ff6677889900";
  private static final String OTHER_IDENTITY_ID =
      "/subscriptions/"
          + SUBSCRIPTION
          + "/resourceGroups/acr-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/other";

  private static CheckResult evaluate(SnapshotBuilder builder) {
    return new IdentityCheck().evaluate(builder.input());
  }

  @Test
  void reportsIdentityAssignedForHealthyUserAssignedIdentity() {
    CheckResult result = assertTrue(evaluate(healthy()), Reason.IdentityAssigned);

    assertThat(result.message())
        .isEqualTo(
            "identity "
                + IDENTITY_ID
                + " (principal "
                + PRINCIPAL_ID
                + ") is assigned to registry contosoacr");
  }

  @Test
  void reportsIdentityAssignedForSystemAssignedIdentity() {
    CheckResult result = assertTrue(evaluate(healthy().systemAssigned()), Reason.IdentityAssigned);

    assertThat(result.message()).contains("principal " + SYSTEM_PRINCIPAL_ID);
  }

  @Test
  void reportsIdentityNotFoundWhenIdentityWasDeleted() {
    CheckResult result =
        assertFalse(
            evaluate(healthy().identity(Observed.notFound("ResourceNotFound"))),
            Reason.IdentityNotFound);

    assertThat(result.message())
        .startsWith("identity " + IDENTITY_ID + " not found")
        .contains(
            "az identity create --name acr-cmk-id --resource-group acr-rg --subscription "
                + SUBSCRIPTION,
            "az acr identity assign -n contosoacr --identities " + IDENTITY_ID);
  }

  @Test
  void reportsOperatorAccessDeniedWhenIdentityReadIsForbidden() {
    ReadFailure failure =
        SnapshotBuilder.failure(ReadFailure.Kind.FORBIDDEN, "userAssignedIdentities.get");

    CheckResult result =
        assertUnknown(
            evaluate(healthy().identity(Observed.failed(failure))), Reason.OperatorAccessDenied);

    assertThat(result.message()).contains("(AuthorizationFailed)", "request ID req-403");
  }

  @Test
  void reportsDependencyNotReadyWhenRegistryIsMissing() {
    CheckResult result =
        assertUnknown(
            evaluate(healthy().registry(Observed.notFound("ResourceNotFound"))),
            Reason.DependencyNotReady);

    assertThat(result.message()).isEqualTo("registry contosoacr not found");
  }

  @Test
  void reportsIdentityNotAssignedWhenDeclaredIdentityIsNotAttached() {
    CheckResult result =
        assertFalse(
            evaluate(
                healthy()
                    .registry(
                        r -> {
                          r.userAssigned =
                              new ArrayList<>(
                                  List.of(
                                      new UserAssignedIdentityRef(
                                          OTHER_IDENTITY_ID, "p-other", OTHER_CLIENT_ID)));
                          r.encryptionIdentity = OTHER_CLIENT_ID;
                        })),
            Reason.IdentityNotAssigned);

    assertThat(result.message())
        .isEqualTo(
            "identity "
                + IDENTITY_ID
                + " is not assigned to registry contosoacr; assign it with:"
                + " az acr identity assign -n contosoacr --identities "
                + IDENTITY_ID);
  }

  @Test
  void reportsIdentityNotAssignedWhenEncryptionClientIdIsNotAttached() {
    CheckResult result =
        assertFalse(
            evaluate(healthy().registry(r -> r.encryptionIdentity = OTHER_CLIENT_ID)),
            Reason.IdentityNotAssigned);

    assertThat(result.message())
        .contains(
            "uses the identity with client ID " + OTHER_CLIENT_ID,
            "not attached to it (az acr check-health reports CMK_ERROR)",
            "az acr encryption rotate-key -n contosoacr --key-encryption-key"
                + " https://contoso-kv.vault.azure.net/keys/acr-cmk --identity "
                + IDENTITY_ID);
  }

  @Test
  void reportsIdentityNotAssignedWhenEncryptionUsesAbsentSystemIdentity() {
    CheckResult result =
        assertFalse(
            evaluate(healthy().registry(r -> r.encryptionIdentity = "system")),
            Reason.IdentityNotAssigned);

    assertThat(result.message()).contains("uses its system-assigned identity", "CMK_ERROR");
  }

  @Test
  void reportsIdentityNotAssignedWhenRegistryHasNoIdentityBlock() {
    assertFalse(
        evaluate(healthy().registry(r -> r.hasIdentityBlock = false)), Reason.IdentityNotAssigned);
  }

  @Test
  void reportsIdentityNotAssignedWhenTypeExcludesUserAssigned() {
    assertFalse(
        evaluate(healthy().registry(r -> r.identityTypes = List.of("SystemAssigned"))),
        Reason.IdentityNotAssigned);
  }

  @Test
  void acceptsIdentityTypeSentAsLowerCamelUserAssigned() {
    assertTrue(
        evaluate(healthy().registry(r -> r.identityTypes = List.of("userAssigned"))),
        Reason.IdentityAssigned);
  }

  @Test
  void acceptsIdentityTypeSentAsOneCombinedString() {
    SnapshotBuilder both =
        healthy()
            .registry(
                r -> {
                  r.identityTypes = List.of("SystemAssigned, UserAssigned");
                  r.systemPrincipalId = SYSTEM_PRINCIPAL_ID;
                });

    assertTrue(evaluate(both), Reason.IdentityAssigned);
    assertTrue(
        evaluate(
            healthy()
                .systemAssigned()
                .registry(r -> r.identityTypes = List.of("SystemAssigned, UserAssigned"))),
        Reason.IdentityAssigned);
  }

  @Test
  void matchesEntryWhoseResourceIdDiffersInCase() {
    String lowerCased = IDENTITY_ID.replace("resourceGroups", "resourcegroups").toUpperCase();

    assertTrue(
        evaluate(
            healthy()
                .registry(
                    r ->
                        r.userAssigned =
                            new ArrayList<>(
                                List.of(
                                    new UserAssignedIdentityRef(
                                        lowerCased, PRINCIPAL_ID, CLIENT_ID))))),
        Reason.IdentityAssigned);
  }

  @Test
  void matchesEntryByClientIdWhenResourceIdDiffers() {
    assertTrue(
        evaluate(
            healthy()
                .registry(
                    r ->
                        r.userAssigned =
                            new ArrayList<>(
                                List.of(
                                    new UserAssignedIdentityRef(
                                        OTHER_IDENTITY_ID, PRINCIPAL_ID, CLIENT_ID))))),
        Reason.IdentityAssigned);
  }

  @Test
  void reportsIdentityNotAssignedWhenSystemIdentityHasNoPrincipal() {
    CheckResult result =
        assertFalse(
            evaluate(healthy().systemAssigned().registry(r -> r.systemPrincipalId = null)),
            Reason.IdentityNotAssigned);

    assertThat(result.message())
        .isEqualTo(
            "registry contosoacr has no system-assigned identity; assign it with:"
                + " az acr identity assign -n contosoacr --identities [system]");
  }

  @Test
  void reportsIdentityPrincipalMismatchWhenIdentityWasRecreated() {
    String newPrincipal = "0f0e0d0c-0b0a-4909-8807-060504030201";

    CheckResult result =
        assertFalse(
            evaluate(healthy().identity(i -> i.principalId = newPrincipal)),
            Reason.IdentityPrincipalMismatch);

    assertThat(result.message())
        .contains(
            "records principal " + PRINCIPAL_ID,
            "principal is now " + newPrincipal,
            "az acr identity assign -n contosoacr --identities " + IDENTITY_ID);
    assertTrue(
        evaluate(healthy().identity(i -> i.principalId = PRINCIPAL_ID.toUpperCase())),
        Reason.IdentityAssigned);
  }

  @Test
  void reportsTenantMismatchWhenVaultIsInAnotherTenant() {
    CheckResult result =
        assertFalse(
            evaluate(healthy().vault(v -> v.tenantId = OTHER_TENANT)), Reason.TenantMismatch);

    assertThat(result.message())
        .contains(
            "identity " + IDENTITY_ID + " is in tenant " + TENANT,
            "vault contoso-kv is in tenant " + OTHER_TENANT,
            "az keyvault update --name contoso-kv --set properties.tenantId=" + TENANT);
    assertTrue(
        evaluate(healthy().vault(v -> v.tenantId = TENANT.toUpperCase())), Reason.IdentityAssigned);
  }

  @Test
  void reportsTenantMismatchWhenRegistryIdentityIsInAnotherTenant() {
    CheckResult result =
        assertFalse(
            evaluate(healthy().registry(r -> r.systemTenantId = OTHER_TENANT)),
            Reason.TenantMismatch);

    assertThat(result.message()).contains("az identity create --name acr-cmk-id");
  }

  @Test
  void reportsTenantMismatchForSystemIdentityAndVault() {
    assertFalse(
        evaluate(healthy().systemAssigned().vault(v -> v.tenantId = OTHER_TENANT)),
        Reason.TenantMismatch);
  }

  @Test
  void comparesTenantsWithoutVaultWhenVaultReadFailed() {
    ReadFailure failure = SnapshotBuilder.failure(ReadFailure.Kind.UNAVAILABLE, "vaults.get");

    assertTrue(evaluate(healthy().vault(Observed.failed(failure))), Reason.IdentityAssigned);
  }
}
