package io.acrcmk.operator.check;

import static io.acrcmk.operator.check.CheckAssertions.assertFalse;
import static io.acrcmk.operator.check.CheckAssertions.assertTrue;
import static io.acrcmk.operator.check.CheckAssertions.assertUnknown;
import static io.acrcmk.operator.check.SnapshotBuilder.CRYPTO_SERVICE_ENCRYPTION_USER_ID;
import static io.acrcmk.operator.check.SnapshotBuilder.IDENTITY_ID;
import static io.acrcmk.operator.check.SnapshotBuilder.OTHER_TENANT;
import static io.acrcmk.operator.check.SnapshotBuilder.PRINCIPAL_ID;
import static io.acrcmk.operator.check.SnapshotBuilder.TENANT;
import static io.acrcmk.operator.check.SnapshotBuilder.VAULT_ID;
import static io.acrcmk.operator.check.SnapshotBuilder.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.api.Severity;
import io.acrcmk.operator.azure.snapshot.DeletedVaultState;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import io.acrcmk.operator.azure.snapshot.VaultState.AccessPolicy;
import io.acrcmk.operator.azure.snapshot.VaultState.NetworkAcls;
import io.acrcmk.operator.azure.snapshot.VaultState.PrivateEndpointConnection;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyVaultAccessCheckTest {

  private static final String ROLE_ASSIGNMENT_FIX =
      "az role assignment create --assignee-object-id "
          + PRINCIPAL_ID
          + " --assignee-principal-type ServicePrincipal --role"
          + " \"Key Vault Crypto Service Encryption User\" --scope "
          + VAULT_ID;

  private static CheckResult evaluate(SnapshotBuilder builder) {
    return new KeyVaultAccessCheck().evaluate(builder.input());
  }

  private static SnapshotBuilder accessPolicyVault(List<String> keyPermissions) {
    return healthy()
        .vault(
            v -> {
              v.rbac = false;
              v.accessPolicies =
                  new ArrayList<>(
                      List.of(new AccessPolicy(TENANT, PRINCIPAL_ID, null, keyPermissions)));
            });
  }

  @Test
  void reportsVaultAccessibleForHealthyRbacVault() {
    CheckResult result = assertTrue(evaluate(healthy()), Reason.VaultAccessible);

    assertThat(result.message())
        .isEqualTo(
            "vault contoso-kv lets ACR through its network and grants identity "
                + IDENTITY_ID
                + " (principal "
                + PRINCIPAL_ID
                + ") get, wrapKey and unwrapKey on key acr-cmk through Azure RBAC");
  }

  @Test
  void reportsVaultNotFoundWhenVaultIsNotAmongDeletedVaults() {
    CheckResult result =
        assertFalse(
            evaluate(healthy().vaultDeleted(Observed.notFound("no deleted vault"))),
            Reason.VaultNotFound);

    assertThat(result.message())
        .startsWith("vault contoso-kv not found in resource group acr-rg")
        .contains("nor among the deleted vaults");
  }

  @Test
  void reportsVaultSoftDeletedWhenDeletedVaultIsFound() {
    DeletedVaultState deleted =
        new DeletedVaultState(
            "contoso-kv",
            VAULT_ID,
            "westeurope",
            OffsetDateTime.parse("2026-02-27T08:00:00Z"),
            OffsetDateTime.parse("2026-05-28T08:00:00Z"),
            true);

    CheckResult result =
        assertFalse(
            evaluate(healthy().vaultDeleted(Observed.found(deleted))), Reason.VaultSoftDeleted);

    assertThat(result.message())
        .isEqualTo(
            "vault contoso-kv was deleted on 2026-02-27T08:00Z and can be recovered until"
                + " 2026-05-28T08:00Z; recover it with: az keyvault recover --name contoso-kv");
  }

  @Test
  void reportsVaultNotFoundWhenDeletedVaultReadFails() {
    ReadFailure failure = SnapshotBuilder.failure(ReadFailure.Kind.THROTTLED, "vaults.getDeleted");

    CheckResult result =
        assertFalse(
            evaluate(healthy().vaultDeleted(Observed.failed(failure))), Reason.VaultNotFound);

    assertThat(result.message())
        .contains("whether it is soft-deleted is unknown because vaults.getDeleted failed");
  }

  @Test
  void reportsAzureUnavailableWhenVaultReadFails() {
    ReadFailure failure = SnapshotBuilder.failure(ReadFailure.Kind.UNAVAILABLE, "vaults.get");

    CheckResult result =
        assertUnknown(evaluate(healthy().vault(Observed.failed(failure))), Reason.AzureUnavailable);

    assertThat(result.message()).startsWith("could not read vault contoso-kv: vaults.get failed");
  }

  @Test
  void reportsVaultUriMismatchWhenKeyIdentifierHostDiffers() {
    CheckResult result =
        assertFalse(
            evaluate(
                healthy()
                    .registry(
                        r -> r.keyIdentifier = "https://other-kv.vault.azure.net/keys/acr-cmk")),
            Reason.VaultUriMismatch);

    assertThat(result.message())
        .contains(
            "points at vault host other-kv.vault.azure.net",
            "vault contoso-kv is at https://contoso-kv.vault.azure.net/",
            "az acr encryption rotate-key -n contosoacr");
  }

  @Test
  void reportsUnknownWhenRegistryReadFails() {
    ReadFailure failure = SnapshotBuilder.failure(ReadFailure.Kind.THROTTLED, "registries.get");

    assertUnknown(evaluate(healthy().registry(Observed.failed(failure))), Reason.AzureThrottled);
    assertTrue(
        evaluate(healthy().registry(Observed.notFound("ResourceNotFound"))),
        Reason.VaultAccessible);
  }

  @Test
  void reportsVaultUriMismatchWhenKeyIdentifierIsMalformed() {
    assertFalse(
        evaluate(healthy().registry(r -> r.keyIdentifier = "contoso-kv/keys/acr-cmk")),
        Reason.VaultUriMismatch);
  }

  @Test
  void reportsVaultUriMismatchWhenPortDiffers() {
    assertFalse(
        evaluate(
            healthy()
                .registry(
                    r -> r.keyIdentifier = "https://contoso-kv.vault.azure.net:8443/keys/acr-cmk")),
        Reason.VaultUriMismatch);
  }

  @Test
  void acceptsExplicitDefaultPortAndVaultUriWithoutSlash() {
    assertTrue(
        evaluate(
            healthy()
                .vault(v -> v.vaultUri = "https://contoso-kv.vault.azure.net")
                .registry(
                    r -> r.keyIdentifier = "https://contoso-kv.vault.azure.net:443/keys/acr-cmk")),
        Reason.VaultAccessible);
  }

  @Test
  void reportsPublicNetworkAccessDisabledWithoutTrustedServicesBypass() {
    CheckResult result =
        assertFalse(
            evaluate(
                healthy()
                    .vault(
                        v -> {
                          v.publicNetworkAccess = "Disabled";
                          v.networkAcls = new NetworkAcls("None", "Allow", List.of(), List.of());
                        })),
            Reason.PublicNetworkAccessDisabled);

    assertThat(result.message())
        .contains(
            "ACR does not reach a vault through its private endpoints",
            "az keyvault update --name contoso-kv --bypass AzureServices",
            "az keyvault update --name contoso-kv --public-network-access Enabled");
  }

  @Test
  void acceptsDisabledPublicAccessWhenTrustedServicesMayBypass() {
    assertTrue(
        evaluate(
            healthy()
                .systemAssigned()
                .vault(
                    v -> {
                      v.publicNetworkAccess = "disabled";
                      v.networkAcls =
                          new NetworkAcls("AzureServices", "Deny", List.of(), List.of());
                    })),
        Reason.VaultAccessible);
  }

  @Test
  void reportsTrustedServicesBypassDisabledWhenFirewallDeniesByDefault() {
    CheckResult result =
        assertFalse(
            evaluate(
                healthy()
                    .systemAssigned()
                    .vault(
                        v ->
                            v.networkAcls = new NetworkAcls("None", "Deny", List.of(), List.of()))),
            Reason.TrustedServicesBypassDisabled);

    assertThat(result.message())
        .isEqualTo(
            "vault contoso-kv denies network access by default and its bypass is None, so ACR"
                + " cannot reach key acr-cmk; let trusted Azure services through with:"
                + " az keyvault update --name contoso-kv --bypass AzureServices");
  }

  @Test
  void treatsAbsentBypassAsTrustedServicesDefault() {
    assertTrue(
        evaluate(
            healthy()
                .systemAssigned()
                .vault(v -> v.networkAcls = new NetworkAcls(null, "Deny", List.of(), List.of()))),
        Reason.VaultAccessible);
  }

  @Test
  void reportsUserAssignedIdentityBehindFirewallWhenVaultDeniesByDefault() {
    CheckResult result =
        assertFalse(
            evaluate(
                healthy()
                    .vault(
                        v ->
                            v.networkAcls =
                                new NetworkAcls("AzureServices", "Deny", List.of(), List.of()))),
            Reason.UserAssignedIdentityBehindFirewall);

    assertThat(result.message())
        .contains(
            "(default action Deny)",
            "reported to admit a registry only with its system-assigned identity",
            "az acr identity assign -n contosoacr --identities [system]",
            "--identity [system]",
            "set spec.identity.type to SystemAssigned");
  }

  @Test
  void reportsUserAssignedIdentityBehindFirewallWhenPublicAccessIsDisabled() {
    CheckResult result =
        assertFalse(
            evaluate(healthy().vault(v -> v.publicNetworkAccess = "Disabled")),
            Reason.UserAssignedIdentityBehindFirewall);

    assertThat(result.message()).contains("(public network access disabled)");
  }

  @Test
  void reportsPrivateEndpointNotApprovedAsWarning() {
    String connection = VAULT_ID + "/privateEndpointConnections/pe-acr";

    CheckResult result =
        assertFalse(
            evaluate(
                healthy()
                    .vault(
                        v ->
                            v.privateEndpoints =
                                new ArrayList<>(
                                    List.of(
                                        new PrivateEndpointConnection(
                                            connection, "Pending", "Succeeded"))))),
            Reason.PrivateEndpointNotApproved);

    assertThat(result.severity()).isEqualTo(Severity.Warning);
    assertThat(result.message())
        .contains(
            "is Pending", "az network private-endpoint-connection approve --id " + connection);
    assertTrue(
        evaluate(
            healthy()
                .vault(
                    v ->
                        v.privateEndpoints =
                            new ArrayList<>(
                                List.of(
                                    new PrivateEndpointConnection(
                                        connection, "approved", "Succeeded"))))),
        Reason.VaultAccessible);
  }

  @Test
  void reportsAccessPolicyVaultAccessibleWithPermissionsInAnyCase() {
    CheckResult result =
        assertTrue(
            evaluate(accessPolicyVault(List.of("Get", "WRAPKEY", "unwrapkey"))),
            Reason.VaultAccessible);

    assertThat(result.message()).endsWith("through an access policy");
    assertTrue(evaluate(accessPolicyVault(List.of("All"))), Reason.VaultAccessible);
  }

  @Test
  void reportsAccessPolicyMissingWhenNoEntryNamesThePrincipal() {
    CheckResult result =
        assertFalse(evaluate(healthy().vault(v -> v.rbac = false)), Reason.AccessPolicyMissing);

    assertThat(result.message())
        .isEqualTo(
            "vault contoso-kv uses access policies and none grants identity "
                + IDENTITY_ID
                + " (principal "
                + PRINCIPAL_ID
                + ") the key permissions get, wrapKey, unwrapKey;"
                + " grant them with: az keyvault set-policy --name contoso-kv --object-id "
                + PRINCIPAL_ID
                + " --key-permissions get wrapKey unwrapKey");
  }

  @Test
  void reportsAccessPolicyMissingNamingTheMissingPermissions() {
    CheckResult result =
        assertFalse(
            evaluate(accessPolicyVault(List.of("get", "list"))), Reason.AccessPolicyMissing);

    assertThat(result.message()).contains("lacks the key permissions wrapKey, unwrapKey");
  }

  @Test
  void reportsAccessPolicyMissingWhenEntryNamesAnotherTenant() {
    CheckResult result =
        assertFalse(
            evaluate(
                healthy()
                    .vault(
                        v -> {
                          v.rbac = false;
                          v.accessPolicies =
                              new ArrayList<>(
                                  List.of(
                                      new AccessPolicy(
                                          OTHER_TENANT, PRINCIPAL_ID, null, List.of("all"))));
                        })),
            Reason.AccessPolicyMissing);

    assertThat(result.message())
        .contains(
            "(an entry for it names tenant "
                + OTHER_TENANT
                + ", not the vault's tenant "
                + TENANT
                + ")");
  }

  @Test
  void treatsAbsentRbacFlagAsAccessPolicyVault() {
    assertFalse(evaluate(healthy().vault(v -> v.rbac = null)), Reason.AccessPolicyMissing);
  }

  @Test
  void ignoresCompoundIdentityAccessPolicy() {
    assertFalse(
        evaluate(
            healthy()
                .vault(
                    v -> {
                      v.rbac = false;
                      v.accessPolicies =
                          new ArrayList<>(
                              List.of(
                                  new AccessPolicy(
                                      TENANT,
                                      PRINCIPAL_ID,
                                      "11112222-3333-4444-5555-666677778888",
                                      List.of("all"))));
                    })),
        Reason.AccessPolicyMissing);
  }

  @Test
  void reportsRoleAssignmentMissingWhenNoAssignmentExists() {
    CheckResult result =
        assertFalse(evaluate(healthy().roleAssignments()), Reason.RoleAssignmentMissing);

    assertThat(result.message())
        .startsWith(
            "no role assignment grants identity "
                + IDENTITY_ID
                + " (principal "
                + PRINCIPAL_ID
                + ") the data actions Microsoft.KeyVault/vaults/keys/read,"
                + " Microsoft.KeyVault/vaults/keys/wrap/action,"
                + " Microsoft.KeyVault/vaults/keys/unwrap/action on key acr-cmk in vault"
                + " contoso-kv")
        .endsWith(ROLE_ASSIGNMENT_FIX);
  }

  @Test
  void checksSystemIdentityPrincipalForSystemAssignedPolicy() {
    assertTrue(evaluate(healthy().systemAssigned()), Reason.VaultAccessible);
    assertFalse(
        evaluate(
            healthy()
                .systemAssigned()
                .roleAssignments(
                    SnapshotBuilder.assignment(
                        VAULT_ID, CRYPTO_SERVICE_ENCRYPTION_USER_ID, PRINCIPAL_ID))),
        Reason.RoleAssignmentMissing);
  }

  @Test
  void reportsDependencyNotReadyWhenIdentityIsMissing() {
    CheckResult result =
        assertUnknown(
            evaluate(healthy().identity(Observed.notFound("ResourceNotFound"))),
            Reason.DependencyNotReady);

    assertThat(result.message())
        .isEqualTo(
            "identity "
                + IDENTITY_ID
                + " not found, so its key rights on vault contoso-kv are unknown");
  }

  @Test
  void reportsDependencyNotReadyWhenSystemIdentityRegistryIsMissing() {
    CheckResult result =
        assertUnknown(
            evaluate(healthy().systemAssigned().registry(Observed.notFound("ResourceNotFound"))),
            Reason.DependencyNotReady);

    assertThat(result.message()).startsWith("registry contosoacr not found");
  }

  @Test
  void reportsUnknownWhenRoleAssignmentsReadFails() {
    ReadFailure failure =
        SnapshotBuilder.failure(ReadFailure.Kind.FORBIDDEN, "roleAssignments.listForScope");

    CheckResult result =
        assertUnknown(
            evaluate(healthy().roleAssignments(Observed.failed(failure))),
            Reason.OperatorAccessDenied);

    assertThat(result.message())
        .contains("role assignments of principal " + PRINCIPAL_ID, "request ID req-403");
  }
}
