package io.acrcmk.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Fills in the read-only fields ACR computes when a registry is written: identity principal and
 * client IDs, the key version in use, login server and provisioning state.
 */
final class RegistryDocuments {

  private RegistryDocuments() {}

  /** Sets the fields ARM derives from the path and the service derives from the body. */
  static void complete(ObjectNode registry, String id, String name, ObjectNode previous) {
    registry.put("id", id);
    registry.put("name", name);
    registry.put("type", SimulatorState.Kind.REGISTRY.type());
    ObjectNode sku = Json.objectAt(registry, "sku");
    if (sku.hasNonNull("name")) {
      sku.put("tier", sku.get("name").asText());
    }
    ObjectNode properties = Json.objectAt(registry, "properties");
    properties.put("loginServer", name.toLowerCase(Locale.ROOT) + ".azurecr.io");
    String created = previous == null ? null : Json.text(previous, "properties/creationDate");
    properties.put("creationDate", created != null ? created : Instant.now().toString());
    properties.put("provisioningState", "Succeeded");
  }

  /**
   * Resolves {@code identity}: user-assigned entries get the principal and client IDs of the
   * identity they name, a system-assigned identity gets a principal ID, and type {@code None} drops
   * the block.
   *
   * @throws SimulatorException 400 when an entry names an identity that does not exist
   */
  static void resolveIdentity(ObjectNode registry, SimulatorState state, String tenantId) {
    JsonNode identityNode = registry.get("identity");
    if (identityNode == null || !identityNode.isObject()) {
      return;
    }
    ObjectNode identity = (ObjectNode) identityNode;
    String type = Json.text(identity, "type");
    String normalized = type == null ? "none" : type.toLowerCase(Locale.ROOT).replace(" ", "");
    if (normalized.equals("none")) {
      registry.remove("identity");
      return;
    }
    if (!normalized.contains("systemassigned") && !normalized.contains("userassigned")) {
      throw SimulatorException.badRequest(
          "InvalidIdentityType",
          "identity.type must be SystemAssigned, UserAssigned, 'SystemAssigned, UserAssigned' or"
              + " None, got '"
              + type
              + "'.");
    }
    // ACR returns the type in lower camel case whatever the request used.
    identity.put("type", liveServiceType(normalized));
    if (normalized.contains("systemassigned")) {
      if (!identity.hasNonNull("principalId")) {
        identity.put("principalId", UUID.randomUUID().toString());
      }
      identity.put("tenantId", tenantId);
    } else {
      identity.remove("principalId");
      identity.remove("tenantId");
    }
    if (normalized.contains("userassigned")) {
      resolveUserAssigned(identity, state);
    } else {
      identity.remove("userAssignedIdentities");
    }
  }

  private static String liveServiceType(String normalized) {
    boolean system = normalized.contains("systemassigned");
    boolean user = normalized.contains("userassigned");
    if (system && user) {
      return "systemAssigned, userAssigned";
    }
    return system ? "systemAssigned" : "userAssigned";
  }

  private static void resolveUserAssigned(ObjectNode identity, SimulatorState state) {
    ObjectNode entries = Json.objectAt(identity, "userAssignedIdentities");
    List<String> missing = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = entries.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      ObjectNode resolved = Json.object();
      state
          .get(SimulatorState.Kind.IDENTITY, entry.getKey())
          .ifPresentOrElse(
              found -> {
                resolved.put("principalId", Json.text(found, "properties/principalId"));
                resolved.put("clientId", Json.text(found, "properties/clientId"));
              },
              () -> keepOrReportMissing(entry, resolved, missing));
      entry.setValue(resolved);
    }
    if (!missing.isEmpty()) {
      throw SimulatorException.badRequest(
          "InvalidIdentity",
          "The user-assigned identities "
              + missing
              + " were not found; assign existing"
              + " identities.");
    }
  }

  /** Keeps IDs the document already carries for an identity deleted since; reports new ones. */
  private static void keepOrReportMissing(
      Map.Entry<String, JsonNode> entry, ObjectNode resolved, List<String> missing) {
    JsonNode old = entry.getValue();
    if (old != null && old.hasNonNull("principalId")) {
      resolved.setAll((ObjectNode) old);
    } else {
      missing.add(entry.getKey());
    }
  }

  /**
   * Recomputes {@code versionedKeyIdentifier} and {@code keyRotationEnabled} from {@code
   * keyIdentifier}: a versioned identifier pins that version, a versionless one follows the key's
   * current version in the state. A change of version records {@code lastKeyRotationTimestamp}.
   */
  static void resolveEncryption(ObjectNode registry, ObjectNode previous, SimulatorState state) {
    JsonNode vaultProperties = Json.at(registry, "properties/encryption/keyVaultProperties");
    if (!(vaultProperties instanceof ObjectNode properties)) {
      return;
    }
    KeyIdentifier key = KeyIdentifier.parse(Json.text(properties, "keyIdentifier"));
    if (key == null) {
      return;
    }
    String versioned = Json.text(properties, "keyIdentifier");
    if (key.version() == null) {
      versioned =
          state
              .key(key.vaultName(), key.keyName())
              .flatMap(KeyDocuments::latest)
              .map(bundle -> Json.text(bundle, "key/kid"))
              .orElse(Json.text(properties, "versionedKeyIdentifier"));
    }
    properties.put("keyRotationEnabled", key.version() == null);
    String before =
        previous == null
            ? null
            : Json.text(
                previous, "properties/encryption/keyVaultProperties/versionedKeyIdentifier");
    if (versioned != null) {
      properties.put("versionedKeyIdentifier", versioned);
    }
    if (before != null && versioned != null && !before.equalsIgnoreCase(versioned)) {
      properties.put("lastKeyRotationTimestamp", Instant.now().toString());
    }
  }
}
