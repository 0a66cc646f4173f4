package io.acrcmk.operator.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Recognises the JSON a user collects for a support case and rewrites it into the shapes the
 * services return, which the simulator imports. Two families are read:
 *
 * <ul>
 *   <li>az CLI output. {@code az acr show}, {@code az identity show}, {@code az role assignment
 *       list} and {@code az role definition list} flatten ARM's {@code properties} into the top
 *       level, so those fields are moved back under {@code properties}. {@code az keyvault key
 *       show} and {@code list-versions} print Key Vault's KeyBundle with {@code keyOps} for {@code
 *       key_ops} and ISO 8601 times for Unix seconds, and name {@code exp} and {@code nbf} {@code
 *       expires} and {@code notBefore}; those are converted back. Null fields are dropped.
 *   <li>Raw ARM and Key Vault JSON, as {@code az rest} or the portal's JSON view shows it, and ARM
 *       list bodies ({@code {"value": [...]}}). These pass through unchanged.
 * </ul>
 *
 * A document that is neither is rejected with what was expected, never skipped.
 */
final class DocumentShapes {

  /** The kind of a document, in import order, because later kinds build on earlier ones. */
  enum Kind {
    VAULT,
    DELETED_VAULT,
    IDENTITY,
    ROLE_DEFINITION,
    ROLE_ASSIGNMENT,
    DELETED_KEY,
    /** A key version from a version list, with attributes only. */
    KEY_VERSION_ITEM,
    /** A {@code Microsoft.KeyVault/vaults/keys} or {@code .../keys/versions} ARM document. */
    ARM_KEY,
    /** A full Key Vault KeyBundle, with key type, size and operations. */
    KEY_BUNDLE,
    REGISTRY
  }

  /**
   * One resource found in a file.
   *
   * @param kind what it is
   * @param document the resource in the service's own shape
   * @param origin the file, and the position in a list, for messages
   */
  record Item(Kind kind, ObjectNode document, String origin) {}

  /** A document that is not one the offline check reads. */
  static final class UnrecognisedException extends Exception {
    UnrecognisedException(String message) {
      super(message);
    }
  }

  static final String EXPECTED =
      "expected the JSON output of az acr show, az identity show, az keyvault show, az keyvault"
          + " key show or list-versions, az keyvault key list-deleted, az role assignment list,"
          + " az role definition list or az keyvault list-deleted, or the same resources as raw"
          + " ARM or Key Vault JSON";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final Set<String> REGISTRY_ENVELOPE =
      Set.of("id", "name", "type", "location", "tags", "sku", "identity", "systemData", "etag");
  private static final Set<String> RESOURCE_ENVELOPE =
      Set.of("id", "name", "type", "location", "tags", "systemData", "etag");
  private static final Set<String> AUTHORIZATION_ENVELOPE = Set.of("id", "name", "type");

  private DocumentShapes() {}

  /**
   * Returns the resources in {@code node}, a whole file's JSON.
   *
   * @param origin the file name, for messages
   * @throws UnrecognisedException naming the file (and list position) of the first document that is
   *     not a resource the offline check reads
   */
  static List<Item> read(JsonNode node, String origin) throws UnrecognisedException {
    List<Item> items = new ArrayList<>();
    collect(node, origin, items);
    return items;
  }

  private static void collect(JsonNode node, String origin, List<Item> items)
      throws UnrecognisedException {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), origin + "[" + i + "]", items);
      }
      return;
    }
    if (!node.isObject()) {
      throw new UnrecognisedException(
          origin + ": holds a JSON " + nodeType(node) + ", not an object; " + EXPECTED);
    }
    ObjectNode object = (ObjectNode) node;
    if (object.path("value").isArray() && !object.has("type")) {
      collect(object.get("value"), origin + ".value", items);
      return;
    }
    if (object.path("responses").isObject()) {
      collect(exampleBody(object, origin), origin + ".responses", items);
      return;
    }
    if (object.path("error").isObject()) {
      JsonNode error = object.get("error");
      throw new UnrecognisedException(
          origin
              + ": holds an Azure error response ("
              + error.path("code").asText("no code")
              + ": "
              + error.path("message").asText("no message")
              + "), not a resource; collect the resource again");
    }
    items.add(classify(object, origin));
  }

  private static Item classify(ObjectNode object, String origin) throws UnrecognisedException {
    String type = object.path("type").asText("");
    switch (type.toLowerCase(Locale.ROOT)) {
      case "microsoft.containerregistry/registries":
        return new Item(Kind.REGISTRY, nest(object, REGISTRY_ENVELOPE, Map.of()), origin);
      case "microsoft.managedidentity/userassignedidentities":
        return new Item(Kind.IDENTITY, nest(object, RESOURCE_ENVELOPE, Map.of()), origin);
      case "microsoft.keyvault/vaults":
        return new Item(Kind.VAULT, nest(object, RESOURCE_ENVELOPE, Map.of()), origin);
      case "microsoft.keyvault/deletedvaults":
        return new Item(Kind.DELETED_VAULT, nest(object, RESOURCE_ENVELOPE, Map.of()), origin);
      case "microsoft.authorization/roleassignments":
        return new Item(
            Kind.ROLE_ASSIGNMENT, nest(object, AUTHORIZATION_ENVELOPE, Map.of()), origin);
      case "microsoft.authorization/roledefinitions":
        return new Item(
            Kind.ROLE_DEFINITION,
            nest(object, AUTHORIZATION_ENVELOPE, Map.of("roleType", "type")),
            origin);
      case "microsoft.keyvault/vaults/keys", "microsoft.keyvault/vaults/keys/versions":
        return new Item(Kind.ARM_KEY, object, origin);
      case "":
        return classifyKey(object, origin);
      default:
        throw new UnrecognisedException(
            origin + ": resource type " + type + " is not one the checks read; " + EXPECTED);
    }
  }

  /** Classifies a Key Vault data-plane document: a KeyBundle, a version item or a deleted key. */
  private static Item classifyKey(ObjectNode object, String origin) throws UnrecognisedException {
    boolean bundle = object.path("key").isObject() && object.path("key").has("kid");
    String kid = bundle ? object.path("key").path("kid").asText() : object.path("kid").asText("");
    if (kid.isEmpty()) {
      Set<String> fields = new TreeSet<>();
      object.fieldNames().forEachRemaining(fields::add);
      throw new UnrecognisedException(
          origin
              + ": not a document the offline check reads (it has no type and no key ID; its"
              + " fields are "
              + fields
              + "); "
              + EXPECTED);
    }
    if (!hasVersion(kid)) {
      throw new UnrecognisedException(
          origin
              + ": key "
              + kid
              + " has no version, as az keyvault key list prints keys; collect az keyvault key"
              + " list-versions and az keyvault key show for the key instead");
    }
    ObjectNode normalised = dataPlane(object, origin);
    if (object.has("recoveryId")) {
      return new Item(Kind.DELETED_KEY, normalised, origin);
    }
    return new Item(bundle ? Kind.KEY_BUNDLE : Kind.KEY_VERSION_ITEM, normalised, origin);
  }

  private static boolean hasVersion(String kid) {
    String path = kid.replaceFirst("^https?://[^/]+", "").replaceAll("/+$", "");
    return path.split("/").length == 4;
  }

  /**
   * Returns the ARM document for a resource: as it is when it already has {@code properties},
   * otherwise with every field outside {@code envelope} moved under {@code properties} (renamed by
   * {@code renames}), as az CLI flattened it.
   */
  static ObjectNode nest(ObjectNode object, Set<String> envelope, Map<String, String> renames) {
    ObjectNode copy = object.deepCopy();
    // az adds the resource group to every resource it prints; ARM does not send it.
    copy.remove("resourceGroup");
    dropNulls(copy);
    if (copy.path("properties").isObject()) {
      return copy;
    }
    ObjectNode nested = NODES.objectNode();
    ObjectNode properties = NODES.objectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = copy.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (envelope.contains(field.getKey())) {
        nested.set(field.getKey(), field.getValue());
      } else {
        properties.set(renames.getOrDefault(field.getKey(), field.getKey()), field.getValue());
      }
    }
    nested.set("properties", properties);
    return nested;
  }

  /**
   * Returns a Key Vault document in the REST shape: {@code key_ops}, base64url key material without
   * padding, and attributes in Unix seconds named {@code exp} and {@code nbf}.
   */
  private static ObjectNode dataPlane(ObjectNode object, String origin)
      throws UnrecognisedException {
    ObjectNode copy = object.deepCopy();
    dropNulls(copy);
    if (copy.path("key").isObject()) {
      ObjectNode key = (ObjectNode) copy.get("key");
      rename(key, "keyOps", "key_ops");
      for (String field : List.of("n", "e", "x", "y")) {
        if (key.path(field).isTextual()) {
          key.put(field, base64Url(key.get(field).asText(), origin + ": key." + field));
        }
      }
    }
    if (copy.path("attributes").isObject()) {
      ObjectNode attributes = (ObjectNode) copy.get("attributes");
      rename(attributes, "expires", "exp");
      rename(attributes, "notBefore", "nbf");
      for (String field : List.of("created", "updated", "exp", "nbf")) {
        toEpochSeconds(attributes, field, origin + ": attributes." + field);
      }
    }
    toEpochSeconds(copy, "deletedDate", origin + ": deletedDate");
    toEpochSeconds(copy, "scheduledPurgeDate", origin + ": scheduledPurgeDate");
    return copy;
  }

  private static void rename(ObjectNode object, String from, String to) {
    if (object.has(from) && !object.has(to)) {
      object.set(to, object.remove(from));
    }
  }

  private static void toEpochSeconds(ObjectNode object, String field, String where)
      throws UnrecognisedException {
    JsonNode value = object.get(field);
    if (value == null || !value.isTextual()) {
      return;
    }
    object.put(field, parseTime(value.asText(), where).getEpochSecond());
  }

  /** Parses an az CLI time: ISO 8601 with an offset, or without one, which az means as UTC. */
  static Instant parseTime(String text, String where) throws UnrecognisedException {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException withOffset) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException withoutOffset) {
        throw new UnrecognisedException(
            where + ": '" + text + "' is not an ISO 8601 time such as 2025-01-31T12:00:00+00:00");
      }
    }
  }

  /** Re-encodes base64 (standard or URL alphabet, padded or not) as unpadded base64url. */
  private static String base64Url(String text, String where) throws UnrecognisedException {
    String trimmed = text.trim().replace("=", "");
    try {
      byte[] bytes =
          trimmed.contains("+") || trimmed.contains("/")
              ? Base64.getDecoder().decode(pad(trimmed))
              : Base64.getUrlDecoder().decode(pad(trimmed));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    } catch (IllegalArgumentException e) {
      throw new UnrecognisedException(where + " is not base64: " + e.getMessage());
    }
  }

  private static String pad(String text) {
    return text + "=".repeat((4 - text.length() % 4) % 4);
  }

  private static JsonNode exampleBody(ObjectNode example, String origin)
      throws UnrecognisedException {
    for (String status : List.of("200", "201")) {
      JsonNode body = example.path("responses").path(status).get("body");
      if (body != null) {
        return body;
      }
    }
    throw new UnrecognisedException(origin + ": the example has no 200 or 201 response body");
  }

  /** Removes every null field, at any depth, as ARM omits unset fields that az prints as null. */
  static void dropNulls(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        JsonNode value = fields.next().getValue();
        if (value.isNull()) {
          fields.remove();
        } else {
          dropNulls(value);
        }
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(DocumentShapes::dropNulls);
    }
  }

  private static String nodeType(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
