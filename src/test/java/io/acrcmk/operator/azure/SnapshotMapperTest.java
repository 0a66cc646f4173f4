package io.acrcmk.operator.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.resourcemanager.containerregistry.fluent.models.RegistryInner;
import com.azure.resourcemanager.keyvault.fluent.models.KeyInner;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Maps hand-written ARM bodies through the SDK's models, for shapes the fixtures lack. */
class SnapshotMapperTest {

  private static final String REGISTRY_ID =
      "/subscriptions/9b1f3c5e-2d4a-4e6b-8c7d-0a1b2c3d4e5f/resourceGroups/rg"
          + "/providers/Microsoft.ContainerRegistry/registries/reg";
  private static final String IDENTITY_ID =
      "/subscriptions/9b1f3c5e-2d4a-4e6b-8c7d-0a1b2c3d4e5f/resourcegroups/rg"
          + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id";

  @Test
  void normalisesIdentityTypeSpellings() throws IOException {
    assertThat(identityTypes("userAssigned")).containsExactly("UserAssigned");
    assertThat(identityTypes("SystemAssigned")).containsExactly("SystemAssigned");
    assertThat(identityTypes("SystemAssigned, UserAssigned"))
        .containsExactly("SystemAssigned", "UserAssigned");
    assertThat(identityTypes("systemAssigned, userAssigned"))
        .containsExactly("SystemAssigned", "UserAssigned");
    assertThat(identityTypes("None")).containsExactly("None");
  }

  /** The SDK does not know this spelling and returns no type; the identities present decide. */
  @Test
  void infersIdentityTypeWithoutSpace() throws IOException {
    assertThat(identityTypes("SystemAssigned,UserAssigned"))
        .containsExactly("SystemAssigned", "UserAssigned");
  }

  @Test
  void keepsRegistryWithoutIdentityOrEncryption() throws IOException {
    RegistryState registry =
        SnapshotMapper.registry(
            parseRegistry(
                "{\"id\":\""
                    + REGISTRY_ID
                    + "\",\"name\":\"reg\",\"sku\":{\"name\":\"Basic\"},"
                    + "\"properties\":{\"provisioningState\":\"Succeeded\"}}"));

    assertThat(registry.identity()).isNull();
    assertThat(registry.encryption()).isNull();
    assertThat(registry.skuName()).isEqualTo("Basic");
  }

  @Test
  void rejectsRegistryWithoutSku() throws IOException {
    RegistryInner inner =
        parseRegistry(
            "{\"id\":\""
                + REGISTRY_ID
                + "\",\"name\":\"reg\",\"properties\":{\"provisioningState\":\"Succeeded\"}}");

    assertThatThrownBy(() -> SnapshotMapper.registry(inner))
        .isInstanceOf(InvalidAzureResponseException.class)
        .hasMessageContaining("sku.name");
  }

  @Test
  void rejectsKeyWithoutVersionInUri() throws IOException {
    KeyInner inner;
    try (JsonReader reader =
        JsonProviders.createReader(
            "{\"name\":\"k\",\"properties\":{\"keyUriWithVersion\":"
                + "\"https://kv.vault.azure.net/keys/k\"}}")) {
      inner = KeyInner.fromJson(reader);
    }

    assertThatThrownBy(() -> SnapshotMapper.key(inner))
        .isInstanceOf(InvalidAzureResponseException.class)
        .hasMessageContaining("https://<vault>/keys/<name>/<version>");
  }

  @Test
  void takesRoleGuidFromDefinitionId() {
    assertThat(
            SnapshotMapper.lastSegment(
                "/providers/Microsoft.Authorization/roleDefinitions/"
                    + "e147488a-f6f5-4113-8e2d-b22465e65bf6"))
        .isEqualTo("e147488a-f6f5-4113-8e2d-b22465e65bf6");
  }

  private static List<String> identityTypes(String type) throws IOException {
    String json =
        "{\"id\":\""
            + REGISTRY_ID
            + "\",\"name\":\"reg\",\"sku\":{\"name\":\"Premium\"},"
            + "\"identity\":{\"type\":\""
            + type
            + "\""
            + (type.toLowerCase().startsWith("system")
                ? ",\"principalId\":\"3ca1d2d0-689f-4a0d-92e1-2c23b73fa6f8\""
                : "")
            + (type.toLowerCase().contains("user")
                ? ",\"userAssignedIdentities\":{\""
                    + IDENTITY_ID
                    + "\":{\"principalId\":\"5ca1d2d0-689f-4a0d-92e1-2c23b73fa6f8\","
                    + "\"clientId\":\"33b5bfe1-ff99-42ec-a264-a19d6bf8e4f7\"}}"
                : "")
            + "},\"properties\":{\"provisioningState\":\"Succeeded\"}}";
    return SnapshotMapper.registry(parseRegistry(json)).identity().type();
  }

  private static RegistryInner parseRegistry(String json) throws IOException {
    try (JsonReader reader = JsonProviders.createReader(json)) {
      return RegistryInner.fromJson(reader);
    }
  }
}
