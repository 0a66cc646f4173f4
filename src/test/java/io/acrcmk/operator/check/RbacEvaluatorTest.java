package io.acrcmk.operator.check;

import static io.acrcmk.operator.check.CheckAssertions.assertFalse;
import static io.acrcmk.operator.check.CheckAssertions.assertTrue;
import static io.acrcmk.operator.check.CheckAssertions.assertUnknown;
import static io.acrcmk.operator.check.RbacEvaluator.KEYS_READ;
import static io.acrcmk.operator.check.RbacEvaluator.KEYS_UNWRAP;
import static io.acrcmk.operator.check.RbacEvaluator.KEYS_WRAP;
import static io.acrcmk.operator.check.SnapshotBuilder.PRINCIPAL_ID;
import static io.acrcmk.operator.check.SnapshotBuilder.SUBSCRIPTION;
import static io.acrcmk.operator.check.SnapshotBuilder.VAULT_ID;
import static io.acrcmk.operator.check.SnapshotBuilder.assignment;
import static io.acrcmk.operator.check.SnapshotBuilder.healthy;
import static io.acrcmk.operator.check.SnapshotBuilder.role;
import static io.acrcmk.operator.check.SnapshotBuilder.roleDefinitionId;
import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import io.acrcmk.operator.azure.snapshot.RoleDefinitionState;
import io.acrcmk.operator.azure.snapshot.RoleDefinitionState.Permission;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RbacEvaluatorTest {

  private static final String CUSTOM_ROLE = "c0ffee00-1111-4222-8333-444455556666";
  private static final String RESOURCE_GROUP_SCOPE =
      "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/acr-rg";

  /** Returns a snapshot whose only assignment is the custom role at {@code scope}. */
  private static SnapshotBuilder customRoleAt(String scope, RoleDefinitionState definition) {
    return healthy()
        .roleAssignments(assignment(scope, roleDefinitionId(CUSTOM_ROLE), PRINCIPAL_ID))
        .roleDefinition(CUSTOM_ROLE, Observed.found(definition));
  }

  private static RoleDefinitionState dataRole(List<String> dataActions, List<String> notData) {
    return role(roleDefinitionId(CUSTOM_ROLE), "acr-key-access", List.of(), dataActions, notData);
  }

  private static CheckResult evaluate(SnapshotBuilder builder) {
    return new KeyVaultAccessCheck().evaluate(builder.input());
  }

  @Test
  void matchesWildcardsIgnoringCase() {
    assertThat(RbacEvaluator.matches("Microsoft.KeyVault/vaults/keys/*", KEYS_WRAP)).isTrue();
    assertThat(RbacEvaluator.matches("microsoft.keyvault/VAULTS/keys/*", KEYS_UNWRAP)).isTrue();
    assertThat(RbacEvaluator.matches("*", KEYS_READ)).isTrue();
    assertThat(RbacEvaluator.matches("Microsoft.KeyVault/vaults/*/read", KEYS_READ)).isTrue();
    assertThat(RbacEvaluator.matches("Microsoft.KeyVault/vaults/secrets/*", KEYS_READ)).isFalse();
    assertThat(RbacEvaluator.matches("Microsoft.KeyVault/vaults/keys/wrap", KEYS_WRAP)).isFalse();
  }

  @Test
  void treatsRegexCharactersInPatternsLiterally() {
    assertThat(RbacEvaluator.matches("Microsoft.KeyVault/vaults/keys/read", KEYS_READ)).isTrue();
    assertThat(RbacEvaluator.matches("Microsoft.KeyVault/vaults/keys/rea.", KEYS_READ)).isFalse();
    assertThat(RbacEvaluator.matches("Microsoft.KeyVault/vaults/keys/(read)", KEYS_READ)).isFalse();
  }

  @Test
  void appliesScopesAtOrAboveTheVaultAndOnThisKey() {
    String key = "acr-cmk";
    assertThat(RbacEvaluator.scopeApplies("/", VAULT_ID, key)).isTrue();
    assertThat(
            RbacEvaluator.scopeApplies(
                "/providers/Microsoft.Management/managementGroups/platform", VAULT_ID, key))
        .isTrue();
    assertThat(RbacEvaluator.scopeApplies("/subscriptions/" + SUBSCRIPTION, VAULT_ID, key))
        .isTrue();
    assertThat(RbacEvaluator.scopeApplies(RESOURCE_GROUP_SCOPE + "/", VAULT_ID, key)).isTrue();
    assertThat(RbacEvaluator.scopeApplies(VAULT_ID.toUpperCase(), VAULT_ID, key)).isTrue();
    assertThat(RbacEvaluator.scopeApplies(VAULT_ID + "/keys/ACR-CMK", VAULT_ID, key)).isTrue();
  }

  @Test
  void ignoresScopesBesideOrBelowTheKey() {
    String key = "acr-cmk";
    assertThat(RbacEvaluator.scopeApplies(VAULT_ID + "/keys/other-key", VAULT_ID, key)).isFalse();
    assertThat(RbacEvaluator.scopeApplies(VAULT_ID + "/secrets/acr-cmk", VAULT_ID, key)).isFalse();
    assertThat(RbacEvaluator.scopeApplies(RESOURCE_GROUP_SCOPE + "2", VAULT_ID, key)).isFalse();
    assertThat(RbacEvaluator.scopeApplies(VAULT_ID + "2", VAULT_ID, key)).isFalse();
    assertThat(RbacEvaluator.scopeApplies("", VAULT_ID, key)).isFalse();
    assertThat(RbacEvaluator.scopeApplies(null, VAULT_ID, key)).isFalse();
  }

  @Test
  void takesRoleGuidFromEitherDefinitionIdForm() {
    assertThat(RbacEvaluator.roleGuid(roleDefinitionId("E147488A-F6F5-4113-8E2D-B22465E65BF6")))
        .isEqualTo("e147488a-f6f5-4113-8e2d-b22465e65bf6");
    assertThat(
            RbacEvaluator.roleGuid(
                "/providers/Microsoft.Authorization/roleDefinitions/"
                    + "e147488a-f6f5-4113-8e2d-b22465e65bf6"))
        .isEqualTo("e147488a-f6f5-4113-8e2d-b22465e65bf6");
    assertThat(RbacEvaluator.roleGuid(null)).isNull();
  }

  @Test
  void excludesOnlyWithNotDataActionsOfTheSameBlock() {
    RoleDefinitionState twoBlocks =
        new RoleDefinitionState(
            roleDefinitionId(CUSTOM_ROLE),
            "two-blocks",
            List.of(
                new Permission(
                    List.of(),
                    List.of(),
                    List.of("Microsoft.KeyVault/vaults/keys/*"),
                    List.of(KEYS_UNWRAP)),
                new Permission(List.of(), List.of(), List.of(KEYS_UNWRAP), List.of())));

    assertThat(RbacEvaluator.grants(twoBlocks, KEYS_UNWRAP)).isTrue();
    assertThat(RbacEvaluator.grants(dataRole(List.of("*"), List.of(KEYS_UNWRAP)), KEYS_UNWRAP))
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Microsoft.KeyVault/vaults/keys/*", "Microsoft.KeyVault/*", "*"})
  void grantsKeyRightsThroughWildcardDataActions(String dataAction) {
    assertTrue(
        evaluate(customRoleAt(VAULT_ID, dataRole(List.of(dataAction), List.of()))),
        Reason.VaultAccessible);
  }

  @Test
  void reportsRoleAssignmentMissingWhenNotDataActionsExcludeUnwrap() {
    CheckResult result =
        assertFalse(
            evaluate(
                customRoleAt(
                    VAULT_ID,
                    dataRole(List.of("Microsoft.KeyVault/vaults/keys/*"), List.of(KEYS_UNWRAP)))),
            Reason.RoleAssignmentMissing);

    assertThat(result.message())
        .contains(
            "the data actions " + KEYS_UNWRAP + " on key acr-cmk",
            "granted so far by 'acr-key-access' at scope " + VAULT_ID);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/providers/Microsoft.Management/managementGroups/platform",
        "/subscriptions/" + SUBSCRIPTION,
        RESOURCE_GROUP_SCOPE,
        "/subscriptions/" + SUBSCRIPTION + "/resourcegroups/ACR-RG",
        VAULT_ID + "/keys/acr-cmk",
        "/"
      })
  void grantsKeyRightsAssignedAtAncestorOrKeyScope(String scope) {
    assertTrue(
        evaluate(
            customRoleAt(scope, dataRole(List.of(KEYS_READ, KEYS_WRAP, KEYS_UNWRAP), List.of()))),
        Reason.VaultAccessible);
  }

  @Test
  void reportsRoleAssignmentMissingWhenAssignedOnAnotherKey() {
    assertFalse(
        evaluate(
            customRoleAt(
                VAULT_ID + "/keys/other-key",
                dataRole(List.of(KEYS_READ, KEYS_WRAP, KEYS_UNWRAP), List.of()))),
        Reason.RoleAssignmentMissing);
  }

  @Test
  void reportsRoleAssignmentMissingWhenAssignedInAnotherResourceGroup() {
    assertFalse(
        evaluate(
            customRoleAt(
                "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/other-rg",
                dataRole(List.of(KEYS_READ, KEYS_WRAP, KEYS_UNWRAP), List.of()))),
        Reason.RoleAssignmentMissing);
  }

  @Test
  void reportsCustomRoleThatListsKeyRightsUnderActions() {
    RoleDefinitionState actionsOnly =
        role(
            roleDefinitionId(CUSTOM_ROLE),
            "acr-key-access",
            List.of(KEYS_READ, KEYS_WRAP, KEYS_UNWRAP),
            List.of(),
            List.of());

    CheckResult result =
        assertFalse(evaluate(customRoleAt(VAULT_ID, actionsOnly)), Reason.RoleAssignmentMissing);

    assertThat(result.message())
        .contains(
            "role 'acr-key-access' at scope "
                + VAULT_ID
                + " lists key rights under actions instead of dataActions, which grants no data"
                + " access");
  }

  @Test
  void grantsNothingThroughDeletedRoleDefinition() {
    assertFalse(
        evaluate(
            healthy()
                .roleAssignments(assignment(VAULT_ID, roleDefinitionId(CUSTOM_ROLE), PRINCIPAL_ID))
                .roleDefinition(CUSTOM_ROLE, Observed.notFound("RoleDefinitionDoesNotExist"))),
        Reason.RoleAssignmentMissing);
  }

  @Test
  void reportsUnknownWhenRoleDefinitionReadFails() {
    ReadFailure failure =
        SnapshotBuilder.failure(ReadFailure.Kind.THROTTLED, "roleDefinitions.getById");

    CheckResult result =
        assertUnknown(
            evaluate(
                healthy()
                    .roleAssignments(
                        assignment(VAULT_ID, roleDefinitionId(CUSTOM_ROLE), PRINCIPAL_ID))
                    .roleDefinition(CUSTOM_ROLE, Observed.failed(failure))),
            Reason.AzureThrottled);

    assertThat(result.message())
        .startsWith("could not read role definition " + roleDefinitionId(CUSTOM_ROLE));
  }

  @Test
  void reportsDependencyNotReadyWhenRoleDefinitionWasNotRead() {
    assertUnknown(
        evaluate(
            healthy()
                .roleAssignments(
                    assignment(
                        VAULT_ID,
                        roleDefinitionId("deadbeef-0000-4000-8000-000000000000"),
                        PRINCIPAL_ID))),
        Reason.DependencyNotReady);
  }

  @Test
  void grantsWhenAReadableRoleSufficesBesideAnUnreadableOne() {
    ReadFailure failure =
        SnapshotBuilder.failure(ReadFailure.Kind.UNAVAILABLE, "roleDefinitions.getById");
    SnapshotBuilder builder = healthy().roleDefinition(CUSTOM_ROLE, Observed.failed(failure));
    builder.roleAssignments(
        assignment(VAULT_ID, SnapshotBuilder.CRYPTO_SERVICE_ENCRYPTION_USER_ID, PRINCIPAL_ID),
        assignment(RESOURCE_GROUP_SCOPE, roleDefinitionId(CUSTOM_ROLE), PRINCIPAL_ID));

    assertTrue(evaluate(builder), Reason.VaultAccessible);
  }

  @Test
  void ignoresAssignmentsOfOtherPrincipals() {
    assertFalse(
        evaluate(
            healthy()
                .roleAssignments(
                    assignment(
                        VAULT_ID,
                        SnapshotBuilder.CRYPTO_SERVICE_ENCRYPTION_USER_ID,
                        "99999999-8888-4777-8666-555544443333"))),
        Reason.RoleAssignmentMissing);
  }
}
