package io.acrcmk.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads JSON as collected from Azure into the state. It recognises ARM resources by {@code type},
 * or by the type their {@code id} names when the type is missing (registries, user-assigned
 * identities, vaults, deleted vaults, role assignments and definitions, vault keys and key
 * versions), Key Vault KeyBundles and DeletedKeyBundles by {@code key.kid} and {@code recoveryId},
 * list bodies by {@code value}, REST spec examples by {@code responses} (the 200 body, else the 201
 * body) and SDK session records by {@code networkCallRecords}. Key Vault URLs of public and
 * sovereign clouds are rewritten to the simulator's vault hosts, so an imported setup points at the
 * simulator.
 */
final class ArmImporter {

  private static final Pattern VAULT_URL =
      Pattern.compile(
          "https://([a-z0-9-]+)\\.vault\\.(?:azure\\.net|usgovcloudapi\\.net|azure\\.cn"
              + "|microsoftazure\\.de)(?::443)?(/|$)",
          Pattern.CASE_INSENSITIVE);
  private static final List<String> DEFAULT_RSA_OPERATIONS =
      List.of("encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey");

  private static final YAMLMapper YAML = new YAMLMapper();

  private final SimulatorState state;
  private final KeyImporter keys;

  ArmImporter(SimulatorState state) {
    this.state = state;
    this.keys = new KeyImporter(state, DEFAULT_RSA_OPERATIONS);
  }

  int importJson(String text) {
    JsonNode node = parse(text);
    rewriteVaultUrls(node);
    synchronized (state) {
      int count = importNode(node);
      if (count == 0) {
        throw new IllegalArgumentException(
            "the JSON contains no resource the simulator recognises");
      }
      return count;
    }
  }

  private int importNode(JsonNode node) {
    if (node == null || node.isNull()) {
      return 0;
    }
    if (node.isArray()) {
      int count = 0;
      for (JsonNode item : node) {
        count += importNode(item);
      }
      return count;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("expected JSON objects, got " + Json.describe(node));
    }
    ObjectNode object = (ObjectNode) node;
    if (object.has("responses")) {
      return importNode(exampleBody(object));
    }
    if (object.has("networkCallRecords")) {
      return importRecords(object.get("networkCallRecords"));
    }
    if (object.has("interactions")) {
      return importCassette(object.get("interactions"));
    }
    if (object.has("value") && object.get("value").isArray() && !object.has("type")) {
      return importNode(object.get("value"));
    }
    return importResource(object);
  }

  private int importResource(ObjectNode object) {
    String type = Json.text(object, "type");
    if (type == null) {
      type = typeFromId(Json.text(object, "id"));
    }
    if (type == null) {
      return keys.importDataPlane(object);
    }
    switch (type.toLowerCase(Locale.ROOT)) {
      case "microsoft.containerregistry/registries" -> store(SimulatorState.Kind.REGISTRY, object);
      case "microsoft.managedidentity/userassignedidentities" ->
          store(SimulatorState.Kind.IDENTITY, object);
      case "microsoft.keyvault/vaults" -> importVault(object);
      case "microsoft.keyvault/deletedvaults" -> store(SimulatorState.Kind.DELETED_VAULT, object);
      case "microsoft.authorization/roleassignments" ->
          store(SimulatorState.Kind.ROLE_ASSIGNMENT, object);
      case "microsoft.authorization/roledefinitions" ->
          store(SimulatorState.Kind.ROLE_DEFINITION, object);
      case "microsoft.keyvault/vaults/keys" -> keys.importArmKey(object, false);
      case "microsoft.keyvault/vaults/keys/versions" -> keys.importArmKey(object, true);
      default -> throw new IllegalArgumentException("unsupported resource type " + type);
    }
    return 1;
  }

  /** Stores a resource, merged over an existing one so a partial list item loses nothing. */
  private void store(SimulatorState.Kind kind, ObjectNode document) {
    String id =
        kind == SimulatorState.Kind.ROLE_DEFINITION
            ? Json.text(document, "name")
            : Json.text(document, "id");
    if (id == null) {
      throw new IllegalArgumentException(kind.type() + " document has no id");
    }
    ObjectNode merged = state.get(kind, id).orElse(Json.object());
    Json.mergePatch(merged, document);
    state.put(kind, merged);
  }

  private void importVault(ObjectNode vault) {
    String id = Json.text(vault, "id");
    String name = Json.text(vault, "name");
    if (id == null || name == null) {
      throw new IllegalArgumentException("vault document needs id and name");
    }
    ObjectNode merged = state.get(SimulatorState.Kind.VAULT, id).orElse(Json.object());
    Json.mergePatch(merged, vault);
    VaultDocuments.complete(merged, id, name, state.endpoints());
    state.put(SimulatorState.Kind.VAULT, merged);
  }

  /**
   * Derives the resource type from an ARM ID, such as {@code Microsoft.KeyVault/vaults/keys} from
   * {@code .../providers/Microsoft.KeyVault/vaults/kv1/keys/k1}, or returns null.
   */
  static String typeFromId(String id) {
    if (id == null) {
      return null;
    }
    String[] parts = id.split("/");
    int providers = -1;
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].equalsIgnoreCase("providers")) {
        providers = i;
      }
    }
    if (providers < 0 || providers + 3 >= parts.length) {
      return null;
    }
    StringBuilder type = new StringBuilder(parts[providers + 1]);
    for (int i = providers + 2; i < parts.length; i += 2) {
      type.append('/').append(parts[i]);
    }
    return type.toString();
  }

  private static JsonNode exampleBody(ObjectNode example) {
    JsonNode responses = example.get("responses");
    for (String status : List.of("200", "201")) {
      JsonNode body = responses.path(status).get("body");
      if (body != null) {
        return body;
      }
    }
    throw new IllegalArgumentException("the example has no 200 or 201 response body");
  }

  private int importRecords(JsonNode records) {
    int count = 0;
    for (JsonNode record : records) {
      JsonNode response = record.path("Response");
      count += importResponseBody(response.path("StatusCode").asText(), response.path("Body"));
    }
    return count;
  }

  private int importCassette(JsonNode interactions) {
    int count = 0;
    for (JsonNode interaction : interactions) {
      JsonNode response = interaction.path("response");
      count +=
          importResponseBody(
              response.path("status").path("code").asText(), response.path("body").path("string"));
    }
    return count;
  }

  /** Imports one recorded response body when it succeeded and contains a known resource. */
  private int importResponseBody(String status, JsonNode body) {
    String text = body.asText("").trim();
    if (!status.startsWith("2") || !text.startsWith("{")) {
      return 0;
    }
    JsonNode parsed = Json.parse(text);
    rewriteVaultUrls(parsed);
    try {
      return importNode(parsed);
    } catch (IllegalArgumentException e) {
      // Recordings also hold operations the simulator has no resource for; those are skipped.
      return 0;
    }
  }

  /** Parses JSON, or YAML when the text does not start like JSON. */
  private static JsonNode parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("nothing to import: the text is empty");
    }
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      return Json.parse(trimmed);
    }
    try {
      return YAML.readTree(trimmed);
    } catch (IOException e) {
      throw new IllegalArgumentException("neither JSON nor YAML: " + e.getMessage(), e);
    }
  }

  /** Rewrites Key Vault URLs in every string of the tree to the simulator's vault URIs. */
  void rewriteVaultUrls(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getValue().isTextual()) {
          field.setValue(new TextNode(rewrite(field.getValue().asText())));
        } else {
          rewriteVaultUrls(field.getValue());
        }
      }
    } else if (node != null && node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        if (item.isTextual()) {
          ((com.fasterxml.jackson.databind.node.ArrayNode) node)
              .set(i, new TextNode(rewrite(item.asText())));
        } else {
          rewriteVaultUrls(item);
        }
      }
    }
  }

  private String rewrite(String text) {
    Matcher matcher = VAULT_URL.matcher(text);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(
          result, Matcher.quoteReplacement(state.endpoints().vaultUri(matcher.group(1))));
    }
    matcher.appendTail(result);
    return result.toString();
  }
}
