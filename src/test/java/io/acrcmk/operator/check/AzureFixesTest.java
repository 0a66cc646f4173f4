package io.acrcmk.operator.check;

import static io.acrcmk.operator.check.SnapshotBuilder.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.azure.ResourceId;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import org.junit.jupiter.api.Test;

class AzureFixesTest {

  @Test
  void quotesValuesWithShellMetacharacters() {
    ResourceId identity =
        ResourceId.parse(
            "/subscriptions/"
                + SnapshotBuilder.SUBSCRIPTION
                + "/resourceGroups/rg(prod)/providers/Microsoft.ManagedIdentity"
                + "/userAssignedIdentities/acr-id",
            ResourceId.IDENTITY_TYPE);

    assertThat(AzureFixes.createIdentity(identity))
        .isEqualTo(
            "az identity create --name acr-id --resource-group 'rg(prod)' --subscription "
                + SnapshotBuilder.SUBSCRIPTION);
  }

  @Test
  void leavesSystemIdentityArgumentUnquoted() {
    assertThat(AzureFixes.assignIdentity("contosoacr", AzureFixes.SYSTEM_IDENTITY_ARGUMENT))
        .isEqualTo("az acr identity assign -n contosoacr --identities [system]");
    assertThat(AzureFixes.identityArgument(healthy().systemAssigned().target()))
        .isEqualTo("[system]");
  }

  @Test
  void buildsDeclaredKeyIdentifierFromVaultUri() {
    assertThat(AzureFixes.declaredKeyIdentifier(healthy().input()))
        .isEqualTo("https://contoso-kv.vault.azure.net/keys/acr-cmk");
    assertThat(AzureFixes.declaredKeyIdentifier(healthy().pinnedTo("ab".repeat(16)).input()))
        .isEqualTo("https://contoso-kv.vault.azure.net/keys/acr-cmk/" + "ab".repeat(16));
  }

  @Test
  void takesVaultHostFromRegistryWhenVaultWasNotRead() {
    ReadFailure failure = SnapshotBuilder.failure(ReadFailure.Kind.THROTTLED, "vaults.get");
    SnapshotBuilder sovereign =
        healthy()
            .vault(Observed.failed(failure))
            .registry(r -> r.keyIdentifier = "https://contoso-kv.vault.azure.cn/keys/acr-cmk");

    assertThat(AzureFixes.declaredKeyIdentifier(sovereign.input()))
        .isEqualTo("https://contoso-kv.vault.azure.cn/keys/acr-cmk");
    assertThat(
            AzureFixes.declaredKeyIdentifier(
                healthy()
                    .vault(Observed.failed(failure))
                    .registry(r -> r.hasKeyVaultProperties = false)
                    .input()))
        .isEqualTo("https://contoso-kv.vault.azure.net/keys/acr-cmk");
  }
}
