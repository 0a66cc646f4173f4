package io.acrcmk.operator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The steps kube-apiserver takes with a CRD's structural schema before and around validation:
 * finding unknown fields, pruning nulls, applying defaults, and checking list types.
 *
 * <p>It covers the schema keywords this project's CRD uses: {@code properties}, {@code items},
 * {@code additionalProperties}, {@code default}, {@code nullable}, {@code
 * x-kubernetes-preserve-unknown-fields} and {@code x-kubernetes-list-type} set and map.
 */
final class StructuralSchema {

  /** Fields every object has at its root and the CRD schema leaves out. */
  private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private final JsonNode root;

  StructuralSchema(JsonNode openApiV3Schema) {
    this.root = openApiV3Schema;
  }

  JsonNode root() {
    return root;
  }

  /**
   * Returns the paths of fields the schema does not declare, as the API server's strict field
   * validation reports them (kubectl apply uses it by default). The server rejects such an object
   * before it validates anything else.
   */
  List<String> unknownFields(JsonNode object) {
    List<String> unknown = new ArrayList<>();
    collectUnknown(root, object, "", unknown);
    return unknown;
  }

  private void collectUnknown(JsonNode schema, JsonNode value, String path, List<String> unknown) {
    if (value == null || schema == null || preservesUnknownFields(schema)) {
      return;
    }
    if (value.isObject()) {
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.get("additionalProperties");
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String name = field.getKey();
        String childPath = child(path, name);
        if (path.isEmpty() && ROOT_FIELDS.contains(name)) {
          continue;
        }
        if (properties.has(name)) {
          collectUnknown(properties.get(name), field.getValue(), childPath, unknown);
        } else if (additional != null && additional.isObject()) {
          collectUnknown(additional, field.getValue(), key(path, name), unknown);
        } else if (additional == null || !additional.asBoolean()) {
          unknown.add(childPath);
        }
      }
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        collectUnknown(schema.get("items"), value.get(i), index(path, i), unknown);
      }
    }
  }

  /**
   * Removes null values of fields that are not nullable and fills in defaults for absent fields,
   * top down, as the API server does when it decodes a request. Works on {@code object} in place.
   */
  void pruneNullsAndApplyDefaults(JsonNode object) {
    defaults(root, object);
  }

  private void defaults(JsonNode schema, JsonNode value) {
    if (value == null || schema == null) {
      return;
    }
    if (value.isObject()) {
      ObjectNode object = (ObjectNode) value;
      JsonNode properties = schema.path("properties");
      Iterator<Map.Entry<String, JsonNode>> declared = properties.fields();
      while (declared.hasNext()) {
        Map.Entry<String, JsonNode> property = declared.next();
        String name = property.getKey();
        JsonNode propertySchema = property.getValue();
        JsonNode current = object.get(name);
        if (current != null && current.isNull() && !propertySchema.path("nullable").asBoolean()) {
          object.remove(name);
          current = null;
        }
        if (current == null && propertySchema.has("default")) {
          object.set(name, propertySchema.get("default").deepCopy());
        }
        defaults(propertySchema, object.get(name));
      }
      JsonNode additional = schema.get("additionalProperties");
      if (additional != null && additional.isObject()) {
        object.fields().forEachRemaining(field -> defaults(additional, field.getValue()));
      }
    } else if (value.isArray() && schema.has("items")) {
      value.forEach(item -> defaults(schema.get("items"), item));
    }
  }

  /**
   * Returns the duplicates in lists marked {@code x-kubernetes-list-type: set} or {@code map}, as
   * the API server reports them: the path of the later entry and its value, or for a map list the
   * values of its key fields.
   */
  List<FieldError> listTypeErrors(JsonNode object) {
    List<FieldError> errors = new ArrayList<>();
    collectListErrors(root, object, "", errors);
    return errors;
  }

  private void collectListErrors(
      JsonNode schema, JsonNode value, String path, List<FieldError> errors) {
    if (value == null || schema == null) {
      return;
    }
    if (value.isObject()) {
      JsonNode properties = schema.path("properties");
      value
          .fields()
          .forEachRemaining(
              field -> {
                if (properties.has(field.getKey())) {
                  collectListErrors(
                      properties.get(field.getKey()),
                      field.getValue(),
                      child(path, field.getKey()),
                      errors);
                }
              });
    } else if (value.isArray()) {
      String listType = schema.path("x-kubernetes-list-type").asText("atomic");
      Set<JsonNode> seen = new HashSet<>();
      for (int i = 0; i < value.size(); i++) {
        JsonNode item = value.get(i);
        JsonNode identity =
            switch (listType) {
              case "set" -> item;
              case "map" -> mapKeys(schema, item);
              default -> null;
            };
        if (identity != null && !seen.add(identity)) {
          errors.add(new FieldError(FieldError.Type.DUPLICATE, index(path, i), identity, ""));
        }
        collectListErrors(schema.get("items"), item, index(path, i), errors);
      }
    }
  }

  private static JsonNode mapKeys(JsonNode schema, JsonNode item) {
    ObjectNode keys = JsonNodeFactory.instance.objectNode();
    ArrayNode keyNames = (ArrayNode) schema.path("x-kubernetes-list-map-keys");
    keyNames.forEach(
        keyName -> {
          JsonNode keyValue = item.get(keyName.asText());
          if (keyValue != null) {
            keys.set(keyName.asText(), keyValue);
          }
        });
    return keys;
  }

  private static boolean preservesUnknownFields(JsonNode schema) {
    return schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
  }

  static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  static String index(String path, int index) {
    return path + "[" + index + "]";
  }

  static String key(String path, String key) {
    return path + "[" + key + "]";
  }
}
