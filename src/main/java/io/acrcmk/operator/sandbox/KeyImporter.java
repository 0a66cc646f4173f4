package io.acrcmk.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Imports keys: Key Vault KeyBundles, DeletedKeyBundles and version list items, and ARM's {@code
 * vaults/keys} and {@code vaults/keys/versions} documents. Payloads without key material (ARM
 * documents and version lists) get real material of the stated size from {@link KeyMaterial}.
 */
final class KeyImporter {

  private final SimulatorState state;
  private final List<String> defaultOperations;

  KeyImporter(SimulatorState state, List<String> defaultOperations) {
    this.state = state;
    this.defaultOperations = defaultOperations;
  }

  /** Imports a data-plane document and returns 1, or throws when it is not a key document. */
  int importDataPlane(ObjectNode object) {
    String kid = object.has("key") ? Json.text(object, "key/kid") : Json.text(object, "kid");
    KeyIdentifier id = KeyIdentifier.parse(kid);
    if (id == null || id.version() == null) {
      throw new IllegalArgumentException(
          "the JSON has neither an ARM type nor a versioned Key Vault kid");
    }
    ObjectNode bundle = object.has("key") ? fromBundle(object, id) : fromListItem(object, id);
    if (object.has("recoveryId")) {
      ObjectNode key = state.deletedKey(id.vaultName(), id.keyName()).orElse(newKey(id));
      upsert(key, bundle);
      key.set("deletedDate", object.get("deletedDate"));
      key.set("scheduledPurgeDate", object.get("scheduledPurgeDate"));
      state.removeKey(id.vaultName(), id.keyName());
      state.putDeletedKey(key);
    } else {
      ObjectNode key = state.key(id.vaultName(), id.keyName()).orElse(newKey(id));
      upsert(key, bundle);
      state.putKey(key);
    }
    return 1;
  }

  /** Imports an ARM key (its current version) or key version document. */
  void importArmKey(ObjectNode document, boolean isVersion) {
    String id = Json.text(document, "id");
    String[] parts = id == null ? new String[0] : id.split("/");
    int vaults = indexOf(parts, "vaults");
    if (vaults < 0 || vaults + 3 >= parts.length) {
      throw new IllegalArgumentException("key document ID has no vault and key name: " + id);
    }
    String vaultName = parts[vaults + 1];
    String keyName = parts[vaults + 3];
    JsonNode properties = document.path("properties");
    String withVersion = Json.text(properties, "keyUriWithVersion");
    String version =
        isVersion
            ? Json.text(document, "name")
            : withVersion == null ? KeyDocuments.newVersionId() : lastSegment(withVersion);
    ObjectNode key = state.key(vaultName, keyName).orElse(KeyDocuments.newKey(vaultName, keyName));
    ObjectNode bundle = generated(key, vaultName, keyName, version, properties);
    ObjectNode attributes = (ObjectNode) bundle.get("attributes");
    properties
        .path("attributes")
        .fields()
        .forEachRemaining(f -> attributes.set(f.getKey(), f.getValue()));
    upsert(key, bundle);
    state.putKey(key);
  }

  private ObjectNode generated(
      ObjectNode key, String vaultName, String keyName, String version, JsonNode properties) {
    String type = properties.path("kty").asText("RSA");
    List<String> operations =
        properties.has("keyOps")
            ? Json.strings(properties.get("keyOps"))
            : KeyDocuments.latest(key)
                .map(latest -> Json.strings(latest.path("key").path("key_ops")))
                .orElse(defaultOperations);
    String vaultUri = state.endpoints().vaultUri(vaultName);
    KeyDocuments.RecoveryLevel recovery =
        KeyDocuments.RecoveryLevel.of(state.vaultByName(vaultName).orElse(null));
    long created = properties.path("attributes").path("created").asLong(0);
    if (type.toUpperCase().startsWith("EC")) {
      ObjectNode bundle =
          KeyDocuments.ecVersion(vaultUri, keyName, version, operations, created, recovery);
      ((ObjectNode) bundle.get("key")).put("kty", type);
      return bundle;
    }
    int bits = properties.path("keySize").asInt(2048);
    ObjectNode bundle =
        KeyDocuments.rsaVersion(vaultUri, keyName, version, bits, operations, created, recovery);
    ((ObjectNode) bundle.get("key")).put("kty", type);
    return bundle;
  }

  private ObjectNode fromBundle(ObjectNode object, KeyIdentifier id) {
    ObjectNode bundle = Json.object();
    ObjectNode key = object.get("key").deepCopy();
    key.put(
        "kid",
        KeyDocuments.kid(state.endpoints().vaultUri(id.vaultName()), id.keyName(), id.version()));
    bundle.set("key", key);
    bundle.set(
        "attributes",
        object.has("attributes") ? object.get("attributes").deepCopy() : Json.object());
    bundle.set("tags", object.has("tags") ? object.get("tags").deepCopy() : Json.object());
    if (object.has("managed")) {
      bundle.set("managed", object.get("managed"));
    }
    return bundle;
  }

  private ObjectNode fromListItem(ObjectNode item, KeyIdentifier id) {
    ObjectNode key = state.key(id.vaultName(), id.keyName()).orElse(newKey(id));
    ObjectNode properties = Json.object();
    properties.set("attributes", item.path("attributes").deepCopy());
    ObjectNode bundle = generated(key, id.vaultName(), id.keyName(), id.version(), properties);
    bundle.set(
        "attributes", item.has("attributes") ? item.get("attributes").deepCopy() : Json.object());
    if (item.has("tags")) {
      bundle.set("tags", item.get("tags").deepCopy());
    }
    return bundle;
  }

  private static ObjectNode newKey(KeyIdentifier id) {
    return KeyDocuments.newKey(id.vaultName(), id.keyName());
  }

  /** Replaces the version with the same ID, or appends the bundle as a new version. */
  private static void upsert(ObjectNode key, ObjectNode bundle) {
    ArrayNode versions = KeyDocuments.versions(key);
    String version = KeyDocuments.versionId(bundle);
    for (int i = 0; i < versions.size(); i++) {
      if (version.equalsIgnoreCase(KeyDocuments.versionId(versions.get(i)))) {
        versions.set(i, bundle);
        return;
      }
    }
    versions.add(bundle);
  }

  private static int indexOf(String[] parts, String segment) {
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].equalsIgnoreCase(segment)) {
        return i;
      }
    }
    return -1;
  }

  private static String lastSegment(String url) {
    String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }
}
