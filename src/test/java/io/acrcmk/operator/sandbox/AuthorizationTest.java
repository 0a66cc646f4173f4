package io.acrcmk.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.fluent.AuthorizationManagementClient;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentInner;
import com.azure.resourcemanager.authorization.fluent.models.RoleDefinitionInner;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthorizationTest {

  private static AzureSimulator simulator;
  private static CmkSetup setup;
  private static StateCheckpoint healthy;
  private static AuthorizationManagementClient authorization;

  @BeforeAll
  static void start() {
    simulator = AzureSimulator.start();
    setup = HealthySetup.builder().rbacVault().seed(simulator);
    healthy = simulator.checkpoint();
    authorization =
        new SdkClients(simulator, setup.subscriptionId()).authorization().roleServiceClient();
  }

  @AfterEach
  void reset() {
    simulator.restore(healthy);
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  /**
   * Lists assignments for a scope. The SDK pastes the scope into the URL unencoded after a slash,
   * so a leading slash would turn the first segment into a URL authority: strip it, as for role
   * definition IDs. The SDK also sends the filter as given, so it must arrive URL-encoded.
   */
  private List<RoleAssignmentInner> assignments(String scope, String filter) {
    return authorization
        .getRoleAssignments()
        .listForScope(withoutLeadingSlash(scope), encode(filter), null, null, Context.NONE)
        .stream()
        .toList();
  }

  private static String encode(String filter) {
    return URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String withoutLeadingSlash(String id) {
    return id.startsWith("/") ? id.substring(1) : id;
  }

  private static String principalFilter(String principalId) {
    return "principalId eq '" + principalId + "'";
  }

  @Test
  void principalFilterReturnsAssignmentAtVaultScope() {
    List<RoleAssignmentInner> found =
        assignments(setup.vaultId(), principalFilter(setup.principalId()));

    assertThat(found).hasSize(1);
    assertThat(found.get(0).roleDefinitionId())
        .endsWith("/" + BuiltInRoles.CRYPTO_SERVICE_ENCRYPTION_USER);
    assertThat(found.get(0).scope()).isEqualTo(setup.vaultId());
  }

  @Test
  void principalFilterReturnsAssignmentsAboveAndBelow() {
    String subscription = "/subscriptions/" + setup.subscriptionId();
    String keyScope = setup.vaultId() + "/keys/" + setup.keyName();
    simulator.mutations().addRoleAssignment(subscription, setup.principalId(), BuiltInRoles.READER);
    simulator
        .mutations()
        .addRoleAssignment(keyScope, setup.principalId(), BuiltInRoles.CRYPTO_USER);
    simulator.mutations().addRoleAssignment(setup.vaultId(), "someone-else", BuiltInRoles.READER);

    List<String> scopes =
        assignments(setup.vaultId(), principalFilter(setup.principalId())).stream()
            .map(RoleAssignmentInner::scope)
            .toList();
    List<String> atScope =
        assignments(setup.vaultId(), principalFilter(setup.principalId()) + " and atScope()")
            .stream()
            .map(RoleAssignmentInner::scope)
            .toList();

    assertThat(scopes).containsExactlyInAnyOrder(subscription, setup.vaultId(), keyScope);
    assertThat(atScope).containsExactlyInAnyOrder(subscription, setup.vaultId());
  }

  @Test
  void removedAssignmentIsNoLongerListed() {
    simulator.mutations().removeRoleAssignment(setup.roleAssignmentId());

    assertThat(assignments(setup.vaultId(), principalFilter(setup.principalId()))).isEmpty();
  }

  @Test
  void builtInRoleDefinitionHasKeyDataActions() {
    String id =
        "/subscriptions/"
            + setup.subscriptionId()
            + "/providers/Microsoft.Authorization/roleDefinitions/"
            + BuiltInRoles.CRYPTO_SERVICE_ENCRYPTION_USER;

    RoleDefinitionInner role = authorization.getRoleDefinitions().getById(withoutLeadingSlash(id));

    assertThat(role.id()).isEqualTo(id);
    assertThat(role.roleName()).isEqualTo("Key Vault Crypto Service Encryption User");
    assertThat(role.permissions().get(0).dataActions())
        .containsExactly(
            "Microsoft.KeyVault/vaults/keys/read",
            "Microsoft.KeyVault/vaults/keys/wrap/action",
            "Microsoft.KeyVault/vaults/keys/unwrap/action");
  }

  @Test
  void customRoleDefinitionIsServedInTenantForm() {
    String guid =
        Json.text(
            simulator
                .resources()
                .addCustomRole(
                    "Key reader",
                    List.of(),
                    List.of("Microsoft.KeyVault/vaults/keys/*"),
                    List.of("Microsoft.KeyVault/vaults/keys/decrypt/action"),
                    setup.vaultId()),
            "name");

    RoleDefinitionInner role =
        authorization
            .getRoleDefinitions()
            .getById("providers/Microsoft.Authorization/roleDefinitions/" + guid);

    assertThat(role.roleType()).isEqualTo("CustomRole");
    assertThat(role.permissions().get(0).notDataActions())
        .containsExactly("Microsoft.KeyVault/vaults/keys/decrypt/action");
  }

  @Test
  void unknownRoleDefinitionIsNotFound() {
    assertThatThrownBy(
            () ->
                authorization
                    .getRoleDefinitions()
                    .getById(
                        "providers/Microsoft.Authorization/roleDefinitions/"
                            + "11111111-2222-3333-4444-555555555555"))
        .isInstanceOfSatisfying(
            ManagementException.class,
            e -> assertThat(e.getValue().getCode()).isEqualTo("RoleDefinitionDoesNotExist"));
  }
}
