package io.acrcmk.operator.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acrcmk.operator.api.IdentityReference;
import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.api.KeyReference;
import io.acrcmk.operator.api.KeyVaultReference;
import io.acrcmk.operator.api.RegistryEncryptionPolicySpec;
import io.acrcmk.operator.api.RegistryReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parsing of a policy's Azure references. The API server applies the CRD schema, but a policy
 * stored before the schema existed, or an API server that does not validate, hands the operator
 * values the schema would reject; none of them may reach an Azure request URL.
 */
class PolicyTargetTest {

  private static final String PREFIX =
      "/subscriptions/9b1f3c5e-2d4a-4e6b-8c7d-0a1b2c3d4e5f/resourceGroups/rg-acr-cmk/providers/";
  private static final String REGISTRY = PREFIX + "Microsoft.ContainerRegistry/registries/acrcmk";
  private static final String VAULT = PREFIX + "Microsoft.KeyVault/vaults/kv-acr-cmk";
  private static final String IDENTITY =
      PREFIX + "Microsoft.ManagedIdentity/userAssignedIdentities/id-acr-cmk";
  private static final String VERSION = "0123456789abcdef0123456789ABCDEF";

  @Test
  void parsesValidSpec() {
    PolicyTarget target = PolicyTarget.from(spec(REGISTRY, VAULT, "acr-cmk", VERSION));

    assertThat(target.registry().name()).isEqualTo("acrcmk");
    assertThat(target.vault().name()).isEqualTo("kv-acr-cmk");
    assertThat(target.keyName()).isEqualTo("acr-cmk");
    assertThat(target.keyVersion()).isEqualTo(VERSION.toLowerCase());
    assertThat(target.identity().name()).isEqualTo("id-acr-cmk");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "acr-cmk/versions/0123456789abcdef0123456789abcdef",
        "other/../acr-cmk",
        "acr-cmk?api-version=1",
        "acr-cmk#x",
        "acr cmk",
        "ключ",
        "acr-cmk\n",
        "acr_cmk"
      })
  void rejectsKeyNameKeyVaultWouldRefuse(String keyName) {
    assertThatThrownBy(() -> PolicyTarget.from(spec(REGISTRY, VAULT, keyName, null)))
        .isInstanceOf(InvalidResourceIdException.class)
        .hasMessageContaining("spec.key.name");
  }

  @Test
  void rejectsOverlongKeyName() {
    String keyName = "k".repeat(128);

    assertThatThrownBy(() -> PolicyTarget.from(spec(REGISTRY, VAULT, keyName, null)))
        .isInstanceOf(InvalidResourceIdException.class)
        .hasMessageContaining("spec.key.name");
  }

  @Test
  void shortensHugeKeyNameInMessage() {
    String keyName = "k".repeat(1_000_000);

    assertThatThrownBy(() -> PolicyTarget.from(spec(REGISTRY, VAULT, keyName, null)))
        .hasMessageContaining("1000000 characters")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(1000));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0123456789abcdef0123456789abcde",
        "0123456789abcdef0123456789abcdef/../x",
        "0123456789abcdef0123456789abcdeg",
        "latest"
      })
  void rejectsKeyVersionThatIsNotHex(String version) {
    assertThatThrownBy(() -> PolicyTarget.from(spec(REGISTRY, VAULT, "acr-cmk", version)))
        .isInstanceOf(InvalidResourceIdException.class)
        .hasMessageContaining("spec.key.version");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        PREFIX + "Microsoft.ContainerRegistry/registries/..",
        PREFIX + "Microsoft.ContainerRegistry/registries/acr?x=1",
        PREFIX + "Microsoft.ContainerRegistry/registries/acr-cmk",
        PREFIX + "Microsoft.ContainerRegistry/registries/acr\u0007cmk",
        "/subscriptions/9b1f3c5e-2d4a-4e6b-8c7d-0a1b2c3d4e5f/resourceGroups/rg%2F.."
            + "/providers/Microsoft.ContainerRegistry/registries/acrcmk"
      })
  void rejectsRegistryIdArmWouldRefuse(String registryId) {
    assertThatThrownBy(() -> PolicyTarget.from(spec(registryId, VAULT, "acr-cmk", null)))
        .isInstanceOf(InvalidResourceIdException.class)
        .hasMessageContaining("spec.registry.resourceId");
  }

  @Test
  void rejectsVaultNameWithPathCharacters() {
    String vault = PREFIX + "Microsoft.KeyVault/vaults/kv#frag";

    assertThatThrownBy(() -> PolicyTarget.from(spec(REGISTRY, vault, "acr-cmk", null)))
        .isInstanceOf(InvalidResourceIdException.class)
        .hasMessageContaining("spec.keyVault.resourceId");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1contoso-kv", "-contoso-kv", "contoso-kv-", "contoso--kv"})
  void rejectsVaultNameAzureRejects(String vaultName) {
    String vault = PREFIX + "Microsoft.KeyVault/vaults/" + vaultName;

    assertThatThrownBy(() -> PolicyTarget.from(spec(REGISTRY, vault, "acr-cmk", null)))
        .isInstanceOf(InvalidResourceIdException.class)
        .hasMessageContaining("spec.keyVault.resourceId")
        .hasMessageContaining("starting with a letter, ending with a letter or digit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"k-v", "kv1", "a1b2c3d4e5f6g7h8i9j0k1l2"})
  void acceptsVaultNameAtTheLimits(String vaultName) {
    String vault = PREFIX + "Microsoft.KeyVault/vaults/" + vaultName;

    assertThat(PolicyTarget.from(spec(REGISTRY, vault, "acr-cmk", null)).vault().name())
        .isEqualTo(vaultName);
  }

  @Test
  void rejectsResourceGroupEndingWithPeriod() {
    String registry = REGISTRY.replace("/rg-acr-cmk/", "/rg-acr-cmk./");

    assertThatThrownBy(() -> PolicyTarget.from(spec(registry, VAULT, "acr-cmk", null)))
        .isInstanceOf(InvalidResourceIdException.class)
        .hasMessageContaining("spec.registry.resourceId")
        .hasMessageContaining("not ending with a period");
  }

  @ParameterizedTest
  @ValueSource(strings = {" ", "\n", "\t"})
  void rejectsRegistryIdWithOuterWhitespace(String whitespace) {
    String trailing = REGISTRY + whitespace;
    String leading = whitespace + REGISTRY;

    assertThatThrownBy(() -> PolicyTarget.from(spec(trailing, VAULT, "acr-cmk", null)))
        .isInstanceOf(InvalidResourceIdException.class)
        .hasMessageContaining("spec.registry.resourceId");
    assertThatThrownBy(() -> PolicyTarget.from(spec(leading, VAULT, "acr-cmk", null)))
        .isInstanceOf(InvalidResourceIdException.class)
        .hasMessageContaining("spec.registry.resourceId");
  }

  @Test
  void escapesHiddenCharactersInMessage() {
    String keyName = "acr-cmk-\u202eyek\u0000";

    assertThatThrownBy(() -> PolicyTarget.from(spec(REGISTRY, VAULT, keyName, null)))
        .hasMessageContaining("\"acr-cmk-\\u202eyek\\x00\"")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u202e", "\u0000"));
  }

  @Test
  void escapesNewlineOfMalformedRegistryIdInMessage() {
    String registry = PREFIX + "Microsoft.ContainerRegistry/registries/acr\ncmk/x";

    assertThatThrownBy(() -> PolicyTarget.from(spec(registry, VAULT, "acr-cmk", null)))
        .isInstanceOf(InvalidResourceIdException.class)
        .hasMessageContaining("registries/acr\\ncmk/x\"")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void shortensHugeRegistryIdInMessage() {
    String registry = PREFIX + "Microsoft.ContainerRegistry/registries/" + "a".repeat(1_000_000);

    assertThatThrownBy(() -> PolicyTarget.from(spec(registry, VAULT, "acr-cmk", null)))
        .isInstanceOf(InvalidResourceIdException.class)
        .hasMessageContaining("at most 512 characters")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(1000));
  }

  @Test
  void acceptsLowerCaseFixedSegments() {
    String registry = REGISTRY.replace("resourceGroups", "resourcegroups");

    assertThat(PolicyTarget.from(spec(registry, VAULT, "acr-cmk", null)).registry().name())
        .isEqualTo("acrcmk");
  }

  private static RegistryEncryptionPolicySpec spec(
      String registryId, String vaultId, String keyName, String version) {
    RegistryEncryptionPolicySpec spec = new RegistryEncryptionPolicySpec();
    spec.setRegistry(new RegistryReference(registryId));
    spec.setKeyVault(new KeyVaultReference(vaultId));
    spec.setKey(new KeyReference(keyName, version));
    spec.setIdentity(new IdentityReference(IdentityType.UserAssigned, IDENTITY));
    return spec;
  }
}
