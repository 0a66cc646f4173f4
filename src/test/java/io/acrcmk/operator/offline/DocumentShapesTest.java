package io.acrcmk.operator.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recognises az CLI and raw ARM documents and rewrites them into the services' shapes. */
class DocumentShapesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void flattenedRegistryMovesFieldsUnderProperties() throws Exception {
    DocumentShapes.Item item = only(resource("az-cli/acr-show.json"), "acr-show.json");

    assertThat(item.kind()).isEqualTo(DocumentShapes.Kind.REGISTRY);
    JsonNode registry = item.document();
    assertThat(registry.at("/properties/encryption/status").asText()).isEqualTo("enabled");
    assertThat(registry.at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(registry.at("/properties/loginServer").asText())
        .isEqualTo("contosopayacr.azurecr.io");
    assertThat(registry.at("/sku/name").asText()).isEqualTo("Premium");
    assertThat(registry.at("/identity/type").asText()).isEqualTo("UserAssigned");
    assertThat(registry.at("/identity").has("principalId")).as("null dropped").isFalse();
    assertThat(registry.has("encryption")).isFalse();
    assertThat(registry.has("resourceGroup")).isFalse();
    assertThat(registry.at("/properties").has("status")).as("null dropped").isFalse();
  }

  @Test
  void flattenedIdentityAndRoleAssignmentsAreNested() throws Exception {
    JsonNode identity = only(resource("az-cli/identity-show.json"), "id.json").document();
    List<DocumentShapes.Item> assignments =
        DocumentShapes.read(resource("az-cli/role-assignment-list.json"), "roles.json");

    assertThat(identity.at("/properties/clientId").asText())
        .isEqualTo("0b9c5d3e-7a41-4f2b-9e68-3c1d2a4b5f60");
    assertThat(identity.at("/properties/principalId").asText())
        .isEqualTo("6e1f2a3b-4c5d-4e7f-8a9b-0c1d2e3f4a5b");
    assertThat(identity.has("clientId")).isFalse();
    assertThat(assignments).hasSize(2);
    assertThat(assignments.get(1).origin()).isEqualTo("roles.json[1]");
    JsonNode first = assignments.get(0).document();
    assertThat(first.at("/properties/roleDefinitionId").asText())
        .endsWith("/e147488a-f6f5-4113-8e2d-b22465e65bf6");
    assertThat(first.at("/properties/scope").asText()).endsWith("/vaults/kv-payments-cmk");
    assertThat(first.at("/properties").has("condition")).isFalse();
  }

  @Test
  void flattenedRoleDefinitionKeepsItsRoleType() throws Exception {
    JsonNode flattened =
        JSON.readTree(
            """
            {"assignableScopes": ["/subscriptions/5f2c8a71-3d4e-4b9a-8c6f-1e2d3c4b5a69"],
             "description": "Wraps keys", "id":
             "/subscriptions/5f2c8a71-3d4e-4b9a-8c6f-1e2d3c4b5a69/providers/Microsoft.Authorization/roleDefinitions/0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
             "name": "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
             "permissions": [{"actions": [], "dataActions": ["Microsoft.KeyVault/vaults/keys/*"],
               "notActions": [], "notDataActions": []}],
             "roleName": "Key wrapper", "roleType": "CustomRole",
             "type": "Microsoft.Authorization/roleDefinitions"}
            """);

    JsonNode role = only(flattened, "role.json").document();

    assertThat(role.at("/type").asText()).isEqualTo("Microsoft.Authorization/roleDefinitions");
    assertThat(role.at("/properties/type").asText()).isEqualTo("CustomRole");
    assertThat(role.at("/properties/roleName").asText()).isEqualTo("Key wrapper");
    assertThat(role.at("/properties/permissions/0/dataActions/0").asText())
        .isEqualTo("Microsoft.KeyVault/vaults/keys/*");
  }

  @Test
  void azKeyShowBecomesKeyVaultsRestShape() throws Exception {
    JsonNode bundle = only(resource("az-cli/key-show.json"), "key.json").document();

    assertThat(bundle.at("/key/key_ops").toString()).isEqualTo("[\"wrapKey\",\"unwrapKey\"]");
    assertThat(bundle.at("/key").has("keyOps")).isFalse();
    assertThat(bundle.at("/key").has("crv")).as("null dropped").isFalse();
    assertThat(bundle.at("/attributes/created").asLong()).isEqualTo(1736503083L);
    assertThat(bundle.at("/attributes").has("expires")).isFalse();
    String modulus = bundle.at("/key/n").asText();
    assertThat(modulus).doesNotContain("+", "/", "=");
    assertThat(new BigInteger(1, Base64.getUrlDecoder().decode(modulus)).bitLength())
        .isEqualTo(2048);
  }

  @Test
  void expiryAndNotBeforeAreRenamedAndConverted() throws Exception {
    JsonNode item =
        JSON.readTree(
            """
            {"attributes": {"enabled": true, "expires": "2026-03-01T00:00:00+01:00",
             "notBefore": "2025-03-01T00:00:00", "created": 1700000000},
             "kid": "https://kv1.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef"}
            """);

    DocumentShapes.Item read = only(item, "versions.json");

    assertThat(read.kind()).isEqualTo(DocumentShapes.Kind.KEY_VERSION_ITEM);
    assertThat(read.document().at("/attributes/exp").asLong()).isEqualTo(1772319600L);
    assertThat(read.document().at("/attributes/nbf").asLong()).isEqualTo(1740787200L);
    assertThat(read.document().at("/attributes/created").asLong()).isEqualTo(1700000000L);
  }

  @Test
  void armDocumentsAndListBodiesPassThrough() throws Exception {
    List<DocumentShapes.Item> versions =
        DocumentShapes.read(resource("arm/key-versions.json"), "versions.json");
    DocumentShapes.Item vault = only(resource("arm/vault.json"), "vault.json");

    assertThat(versions)
        .extracting(DocumentShapes.Item::kind)
        .containsOnly(DocumentShapes.Kind.ARM_KEY);
    assertThat(versions.get(0).origin()).isEqualTo("versions.json.value[0]");
    assertThat(vault.document()).isEqualTo(resource("arm/vault.json"));
  }

  @Test
  void deletedKeyIsRecognised() throws Exception {
    JsonNode deleted =
        JSON.readTree(
            """
            {"attributes": {"enabled": true, "created": "2024-01-01T00:00:00+00:00"},
             "deletedDate": "2025-02-01T00:00:00+00:00",
             "kid": "https://kv1.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef",
             "recoveryId": "https://kv1.vault.azure.net/deletedkeys/k",
             "scheduledPurgeDate": "2025-05-02T00:00:00+00:00"}
            """);

    DocumentShapes.Item item = only(deleted, "deleted.json");

    assertThat(item.kind()).isEqualTo(DocumentShapes.Kind.DELETED_KEY);
    assertThat(item.document().path("deletedDate").asLong()).isEqualTo(1738368000L);
  }

  @Test
  void versionlessKeyListIsRejected() throws Exception {
    JsonNode list =
        JSON.readTree("[{\"kid\": \"https://kv1.vault.azure.net/keys/k\", \"name\": \"k\"}]");

    assertThatThrownBy(() -> DocumentShapes.read(list, "keys.json"))
        .isInstanceOf(DocumentShapes.UnrecognisedException.class)
        .hasMessageStartingWith(
            "keys.json[0]: key https://kv1.vault.azure.net/keys/k has no version")
        .hasMessageContaining("az keyvault key list-versions");
  }

  @Test
  void unrecognisedDocumentsNameTheFile() throws Exception {
    JsonNode account =
        JSON.readTree(
            "{\"environmentName\": \"AzureCloud\", \"isDefault\": true, \"name\": \"x\"}");
    JsonNode storage =
        JSON.readTree("{\"id\": \"/x\", \"type\": \"Microsoft.Storage/storageAccounts\"}");
    JsonNode error =
        JSON.readTree("{\"error\": {\"code\": \"ResourceNotFound\", \"message\": \"gone\"}}");

    assertThatThrownBy(() -> DocumentShapes.read(account, "account.json"))
        .hasMessageStartingWith("account.json: not a document the offline check reads")
        .hasMessageContaining("[environmentName, isDefault, name]")
        .hasMessageContaining("az acr show");
    assertThatThrownBy(() -> DocumentShapes.read(storage, "storage.json"))
        .hasMessageStartingWith(
            "storage.json: resource type Microsoft.Storage/storageAccounts is not one the checks"
                + " read");
    assertThatThrownBy(() -> DocumentShapes.read(error, "failed.json"))
        .hasMessage(
            "failed.json: holds an Azure error response (ResourceNotFound: gone), not a resource;"
                + " collect the resource again");
    assertThatThrownBy(() -> DocumentShapes.read(JSON.readTree("\"text\""), "text.json"))
        .hasMessageStartingWith("text.json: holds a JSON string, not an object");
  }

  @Test
  void badTimeIsReportedWithTheField() throws Exception {
    JsonNode item =
        JSON.readTree(
            "{\"attributes\": {\"created\": \"yesterday\"}, \"kid\":"
                + " \"https://kv1.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef\"}");

    assertThatThrownBy(() -> DocumentShapes.read(item, "v.json"))
        .hasMessage(
            "v.json: attributes.created: 'yesterday' is not an ISO 8601 time such as"
                + " 2025-01-31T12:00:00+00:00");
  }

  private static DocumentShapes.Item only(JsonNode node, String origin) throws Exception {
    List<DocumentShapes.Item> items = DocumentShapes.read(node, origin);
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  static JsonNode resource(String name) throws IOException {
    try (InputStream in =
        DocumentShapesTest.class.getClassLoader().getResourceAsStream("offline/" + name)) {
      assertThat(in).as("offline/" + name).isNotNull();
      return JSON.readTree(in);
    }
  }
}
