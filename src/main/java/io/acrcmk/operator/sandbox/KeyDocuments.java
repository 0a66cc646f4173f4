package io.acrcmk.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds and reads the key documents of the state. A key document has the fields {@code vaultName},
 * {@code name} and {@code versions}, oldest version first. Each version is a Key Vault KeyBundle:
 * {@code key} with {@code kid}, {@code kty}, {@code key_ops} and either {@code n} and {@code e} or
 * {@code crv}, {@code x} and {@code y}, plus {@code attributes} in Unix seconds. A soft-deleted key
 * also has {@code deletedDate} and {@code scheduledPurgeDate}.
 */
final class KeyDocuments {

  private KeyDocuments() {}

  static ObjectNode newKey(String vaultName, String keyName) {
    ObjectNode key = Json.object();
    key.put("vaultName", vaultName);
    key.put("name", keyName);
    key.putArray("versions");
    return key;
  }

  static String vaultName(JsonNode key) {
    return Json.text(key, "vaultName");
  }

  static String name(JsonNode key) {
    return Json.text(key, "name");
  }

  static ArrayNode versions(ObjectNode key) {
    return Json.arrayAt(key, "versions");
  }

  /** Returns a new 32-hex-digit version ID as Key Vault makes them. */
  static String newVersionId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /** Returns the version ID: the last segment of {@code key.kid}. */
  static String versionId(JsonNode bundle) {
    String kid = Json.text(bundle, "key/kid");
    return kid == null ? null : kid.substring(kid.lastIndexOf('/') + 1);
  }

  /** Returns the current version: the one created last (the later one on a tie), if any. */
  static Optional<ObjectNode> latest(ObjectNode key) {
    ObjectNode latest = null;
    for (JsonNode version : versions(key)) {
      if (latest == null || created(version) >= created(latest)) {
        latest = (ObjectNode) version;
      }
    }
    return Optional.ofNullable(latest);
  }

  static Optional<ObjectNode> version(ObjectNode key, String versionId) {
    for (JsonNode version : versions(key)) {
      if (versionId.equalsIgnoreCase(versionId(version))) {
        return Optional.of((ObjectNode) version);
      }
    }
    return Optional.empty();
  }

  static long created(JsonNode bundle) {
    JsonNode created = Json.at(bundle, "attributes/created");
    return created == null ? 0 : created.asLong();
  }

  /** Returns the key size in bits: the modulus length for RSA, the curve size for EC. */
  static int keySize(JsonNode bundle) {
    String curve = Json.text(bundle, "key/crv");
    if (curve != null) {
      return switch (curve) {
        case "P-384" -> 384;
        case "P-521" -> 521;
        default -> 256;
      };
    }
    return KeyMaterial.rsaBits(Json.text(bundle, "key/n"));
  }

  /**
   * Builds an RSA version with real key material of {@code bits} bits.
   *
   * @param createdSeconds creation time, Unix seconds
   */
  static ObjectNode rsaVersion(
      String vaultUri,
      String keyName,
      String versionId,
      int bits,
      List<String> operations,
      long createdSeconds,
      RecoveryLevel recovery) {
    KeyMaterial.Rsa material = KeyMaterial.rsa(bits);
    ObjectNode bundle = baseVersion(vaultUri, keyName, versionId, "RSA", operations);
    ObjectNode key = (ObjectNode) bundle.get("key");
    key.put("n", material.n());
    key.put("e", material.e());
    putAttributes(bundle, createdSeconds, recovery);
    return bundle;
  }

  /** Builds an EC P-256 version, a key type ACR does not accept for encryption. */
  static ObjectNode ecVersion(
      String vaultUri,
      String keyName,
      String versionId,
      List<String> operations,
      long createdSeconds,
      RecoveryLevel recovery) {
    KeyMaterial.Ec material = KeyMaterial.p256();
    ObjectNode bundle = baseVersion(vaultUri, keyName, versionId, "EC", operations);
    ObjectNode key = (ObjectNode) bundle.get("key");
    key.put("crv", material.curve());
    key.put("x", material.x());
    key.put("y", material.y());
    putAttributes(bundle, createdSeconds, recovery);
    return bundle;
  }

  private static ObjectNode baseVersion(
      String vaultUri, String keyName, String versionId, String type, List<String> operations) {
    ObjectNode bundle = Json.object();
    ObjectNode key = bundle.putObject("key");
    key.put("kid", kid(vaultUri, keyName, versionId));
    key.put("kty", type);
    key.set("key_ops", Json.arrayOf(operations));
    return bundle;
  }

  private static void putAttributes(
      ObjectNode bundle, long createdSeconds, RecoveryLevel recovery) {
    ObjectNode attributes = bundle.putObject("attributes");
    attributes.put("enabled", true);
    attributes.put("created", createdSeconds);
    attributes.put("updated", createdSeconds);
    attributes.put("recoveryLevel", recovery.level());
    attributes.put("recoverableDays", recovery.days());
    bundle.putObject("tags");
  }

  static String kid(String vaultUri, String keyName, String versionId) {
    return withSlash(vaultUri) + "keys/" + keyName + "/" + versionId;
  }

  static String withSlash(String uri) {
    return uri.endsWith("/") ? uri : uri + "/";
  }

  /**
   * A key's {@code recoveryLevel} and {@code recoverableDays}, derived from the vault's soft
   * delete, purge protection and retention as Key Vault derives them.
   */
  record RecoveryLevel(String level, int days) {

    static RecoveryLevel of(JsonNode vault) {
      JsonNode properties = vault == null ? null : vault.get("properties");
      boolean softDelete = bool(properties, "enableSoftDelete", true);
      boolean purgeProtection = bool(properties, "enablePurgeProtection", false);
      JsonNode retentionNode =
          properties == null ? null : properties.get("softDeleteRetentionInDays");
      int retention = retentionNode == null || retentionNode.isNull() ? 90 : retentionNode.asInt();
      if (!softDelete) {
        return new RecoveryLevel("Purgeable", 0);
      }
      String prefix = retention < 90 ? "CustomizedRecoverable" : "Recoverable";
      return new RecoveryLevel(purgeProtection ? prefix : prefix + "+Purgeable", retention);
    }

    private static boolean bool(JsonNode properties, String name, boolean fallback) {
      JsonNode value = properties == null ? null : properties.get(name);
      return value == null || value.isNull() ? fallback : value.asBoolean();
    }
  }
}
