package io.acrcmk.operator.azure;

import com.fasterxml.jackson.databind.JsonNode;
import io.acrcmk.operator.azure.snapshot.DeletedKeyState;
import io.acrcmk.operator.azure.snapshot.DeletedVaultState;
import io.acrcmk.operator.azure.snapshot.IdentityState;
import io.acrcmk.operator.azure.snapshot.KeyAttributes;
import io.acrcmk.operator.azure.snapshot.KeyState;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import io.acrcmk.operator.azure.snapshot.RoleAssignmentState;
import io.acrcmk.operator.azure.snapshot.VaultState;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the snapshot record a payload should map to, straight from the JSON tree. It shares no
 * code with the adapter's mapping, so a field the SDK drops or the mapping misreads shows up as a
 * difference.
 */
final class FixtureExpectations {

  private FixtureExpectations() {}

  static RegistryState registry(JsonNode body) {
    JsonNode properties = body.path("properties");
    return new RegistryState(
        text(body, "id"),
        text(body, "name"),
        text(body, "location"),
        text(body.path("sku"), "name"),
        text(properties, "provisioningState"),
        registryIdentity(body.get("identity")),
        encryption(properties.get("encryption")));
  }

  private static RegistryState.RegistryIdentity registryIdentity(JsonNode identity) {
    if (identity == null || identity.isNull()) {
      return null;
    }
    List<String> types = new ArrayList<>();
    for (String part : text(identity, "type").split(",")) {
      String type = part.trim().toLowerCase(Locale.ROOT);
      if (type.equals("systemassigned")) {
        types.add("SystemAssigned");
      } else if (type.equals("userassigned")) {
        types.add("UserAssigned");
      }
    }
    List<RegistryState.UserAssignedIdentityRef> userAssigned = new ArrayList<>();
    JsonNode map = identity.path("userAssignedIdentities");
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      userAssigned.add(
          new RegistryState.UserAssignedIdentityRef(
              entry.getKey(),
              text(entry.getValue(), "principalId"),
              text(entry.getValue(), "clientId")));
    }
    return new RegistryState.RegistryIdentity(
        types, text(identity, "principalId"), text(identity, "tenantId"), userAssigned);
  }

  private static RegistryState.Encryption encryption(JsonNode encryption) {
    if (encryption == null || encryption.isNull()) {
      return null;
    }
    JsonNode keyVault = encryption.get("keyVaultProperties");
    RegistryState.KeyVaultProperties properties = null;
    if (keyVault != null && !keyVault.isNull()) {
      String rotated = text(keyVault, "lastKeyRotationTimestamp");
      properties =
          new RegistryState.KeyVaultProperties(
              text(keyVault, "keyIdentifier"),
              text(keyVault, "versionedKeyIdentifier"),
              text(keyVault, "identity"),
              bool(keyVault, "keyRotationEnabled"),
              rotated == null ? null : OffsetDateTime.parse(rotated));
    }
    return new RegistryState.Encryption(text(encryption, "status"), properties);
  }

  static IdentityState identity(JsonNode body) {
    JsonNode properties = body.path("properties");
    return new IdentityState(
        text(body, "id"),
        text(body, "name"),
        text(properties, "tenantId"),
        text(properties, "principalId"),
        text(properties, "clientId"));
  }

  static VaultState vault(JsonNode body) {
    JsonNode properties = body.path("properties");
    JsonNode acls = properties.get("networkAcls");
    VaultState.NetworkAcls networkAcls = null;
    if (acls != null && !acls.isNull()) {
      networkAcls =
          new VaultState.NetworkAcls(
              text(acls, "bypass"),
              text(acls, "defaultAction"),
              list(acls.path("ipRules"), rule -> text(rule, "value")),
              list(acls.path("virtualNetworkRules"), rule -> text(rule, "id")));
    }
    return new VaultState(
        text(body, "id"),
        text(body, "name"),
        text(body, "location"),
        text(properties, "tenantId"),
        text(properties, "vaultUri"),
        bool(properties, "enableSoftDelete"),
        properties.has("softDeleteRetentionInDays")
            ? properties.get("softDeleteRetentionInDays").asInt()
            : null,
        bool(properties, "enablePurgeProtection"),
        bool(properties, "enableRbacAuthorization"),
        text(properties, "publicNetworkAccess"),
        networkAcls,
        list(
            properties.path("accessPolicies"),
            policy ->
                new VaultState.AccessPolicy(
                    text(policy, "tenantId"),
                    text(policy, "objectId"),
                    text(policy, "applicationId"),
                    list(policy.path("permissions").path("keys"), JsonNode::asText))),
        list(
            properties.path("privateEndpointConnections"),
            connection ->
                new VaultState.PrivateEndpointConnection(
                    text(connection, "id"),
                    text(
                        connection.path("properties").path("privateLinkServiceConnectionState"),
                        "status"),
                    text(connection.path("properties"), "provisioningState"))));
  }

  static DeletedVaultState deletedVault(JsonNode body) {
    JsonNode properties = body.path("properties");
    return new DeletedVaultState(
        text(body, "name"),
        text(properties, "vaultId"),
        text(properties, "location"),
        dateTime(properties, "deletionDate"),
        dateTime(properties, "scheduledPurgeDate"),
        bool(properties, "purgeProtectionEnabled"));
  }

  static KeyState key(JsonNode body) {
    JsonNode properties = body.path("properties");
    String versioned = text(properties, "keyUriWithVersion");
    String[] segments = URI.create(versioned).getPath().split("/");
    JsonNode attributes = properties.get("attributes");
    return new KeyState(
        segments[segments.length - 2],
        segments[segments.length - 1],
        text(properties, "keyUri"),
        versioned,
        text(properties, "kty"),
        properties.has("keySize") ? properties.get("keySize").asInt() : null,
        text(properties, "curveName"),
        properties.has("keyOps") ? list(properties.get("keyOps"), JsonNode::asText) : null,
        attributes == null
            ? null
            : new KeyAttributes(
                bool(attributes, "enabled"),
                epoch(attributes, "nbf"),
                epoch(attributes, "exp"),
                epoch(attributes, "created"),
                epoch(attributes, "updated"),
                text(attributes, "recoveryLevel")));
  }

  static DeletedKeyState deletedKey(JsonNode body) {
    String kid = text(body.path("key"), "kid");
    String[] segments = URI.create(kid).getPath().split("/");
    return new DeletedKeyState(
        segments[2],
        text(body, "recoveryId"),
        epoch(body, "deletedDate"),
        epoch(body, "scheduledPurgeDate"));
  }

  static RoleAssignmentState roleAssignment(JsonNode item) {
    JsonNode properties = item.path("properties");
    return new RoleAssignmentState(
        text(item, "id"),
        text(properties, "scope"),
        text(properties, "roleDefinitionId"),
        text(properties, "principalId"));
  }

  static <T> List<T> list(JsonNode array, Function<JsonNode, T> mapper) {
    List<T> values = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(item -> values.add(mapper.apply(item)));
    }
    return values;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Boolean bool(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asBoolean();
  }

  private static Instant epoch(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : Instant.ofEpochSecond(value.asLong());
  }

  private static OffsetDateTime dateTime(JsonNode node, String field) {
    String value = text(node, field);
    return value == null ? null : OffsetDateTime.parse(value);
  }
}
