package io.acrcmk.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Names Azure requests by service and RBAC action, without resource names. */
class AzureOperationsTest {

  private static final String SUB = "/subscriptions/7a3c9f2e-1b4d-4e8a-9c6f-2d5e8b1a4c70";
  private static final String RG = SUB + "/resourceGroups/rg-acr";

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GET, /providers/Microsoft.ContainerRegistry/registries/prodacr, arm,"
        + " Microsoft.ContainerRegistry/registries/read",
    "PATCH, /providers/Microsoft.ContainerRegistry/registries/prodacr, arm,"
        + " Microsoft.ContainerRegistry/registries/write",
    "GET, /providers/Microsoft.ContainerRegistry/registries/prodacr/operationStatuses/registries-1f2e,"
        + " arm, Microsoft.ContainerRegistry/registries/operationStatuses/read",
    "POST, /providers/Microsoft.ContainerRegistry/registries/prodacr/listCredentials, arm,"
        + " Microsoft.ContainerRegistry/registries/listCredentials/action",
    "GET, /providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-acr, arm,"
        + " Microsoft.ManagedIdentity/userAssignedIdentities/read",
    "GET, /providers/microsoft.keyvault/vaults/kv-acr, arm, Microsoft.KeyVault/vaults/read",
    "PATCH, /providers/Microsoft.KeyVault/vaults/kv-acr, arm, Microsoft.KeyVault/vaults/write",
    "PUT, /providers/Microsoft.KeyVault/vaults/kv-acr/accessPolicies/add, arm,"
        + " Microsoft.KeyVault/vaults/accessPolicies/write",
    "GET, /providers/Microsoft.KeyVault/vaults/kv-acr/keys/acr-cmk, arm,"
        + " Microsoft.KeyVault/vaults/keys/read",
    "GET, /providers/Microsoft.KeyVault/vaults/kv-acr/keys/acr-cmk/versions, arm,"
        + " Microsoft.KeyVault/vaults/keys/versions/read",
    "GET, /providers/Microsoft.KeyVault/vaults/kv-acr/providers/Microsoft.Authorization/roleAssignments,"
        + " arm, Microsoft.Authorization/roleAssignments/read",
    "DELETE, /providers/Microsoft.Compute/virtualMachines/vm1, arm, other",
    "GET, /providers/Microsoft.KeyVault/vaults/kv-acr/keys/acr-cmk/versions/a.b, arm,"
        + " Microsoft.KeyVault/vaults/keys/versions/read",
    "GET, /providers/Microsoft.KeyVault/vaults/kv-acr/key-s/x, arm, other",
    "OPTIONS, /providers/Microsoft.KeyVault/vaults/kv-acr, arm, other",
    "GET, /resourceGroups/rg-acr, arm, other",
  })
  void namesResourceGroupScopedRequests(
      String method, String path, String service, String operation) {
    assertThat(AzureOperations.service(RG + path)).isEqualTo(service);
    assertThat(AzureOperations.operation(method, RG + path)).isEqualTo(operation);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GET, /providers/Microsoft.KeyVault/deletedVaults, Microsoft.KeyVault/deletedVaults/read",
    "GET, /providers/Microsoft.KeyVault/locations/westeurope/deletedVaults/kv-acr,"
        + " Microsoft.KeyVault/locations/deletedVaults/read",
    "GET, /providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6,"
        + " Microsoft.Authorization/roleDefinitions/read",
    "POST, /providers/Microsoft.KeyVault/checkNameAvailability,"
        + " Microsoft.KeyVault/checkNameAvailability/action",
  })
  void namesSubscriptionScopedRequests(String method, String path, String operation) {
    assertThat(AzureOperations.service(SUB + path)).isEqualTo(AzureOperations.ARM);
    assertThat(AzureOperations.operation(method, SUB + path)).isEqualTo(operation);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GET, /keys/acr-cmk, Microsoft.KeyVault/vaults/keys/read",
    "GET, /keys/acr-cmk/3f2a5c7e9b1d4f6a8c0e2b4d6f8a0c1e, Microsoft.KeyVault/vaults/keys/read",
    "GET, /deletedkeys/acr-cmk, Microsoft.KeyVault/vaults/deletedKeys/read",
    "POST, /deletedkeys/acr-cmk/recover, Microsoft.KeyVault/vaults/deletedKeys/recover/action",
    "POST, /deletedkeys/acr-cmk/re%2Fcover, other",
    "POST, /deletedkeys/acr-cmk, other",
    "GET, /secrets/db-password, other",
    "GET, /, other",
  })
  void namesKeyVaultDataPlaneRequests(String method, String path, String operation) {
    assertThat(AzureOperations.service(path)).isEqualTo(AzureOperations.KEY_VAULT);
    assertThat(AzureOperations.operation(method, path)).isEqualTo(operation);
  }

  @ParameterizedTest
  @CsvSource({"GET, ''", "'', /keys/x"})
  void treatsMissingPartsAsOther(String method, String path) {
    assertThat(
            AzureOperations.operation(
                method.isEmpty() ? null : method, path.isEmpty() ? null : path))
        .isEqualTo(AzureOperations.OTHER);
  }
}
