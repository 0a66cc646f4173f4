package io.acrcmk.operator.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** JSON helpers shared by the simulator: one mapper, parsing, merge patch and field paths. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** Parses {@code text} as JSON, throwing {@link IllegalArgumentException} when invalid. */
  static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Parses {@code text} and requires a JSON object. */
  static ObjectNode parseObject(String text) {
    JsonNode node = parse(text);
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("expected a JSON object, got " + describe(node));
    }
    return (ObjectNode) node;
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise JSON", e);
    }
  }

  static String describe(JsonNode node) {
    return node == null || node.isMissingNode() ? "nothing" : node.getNodeType().toString();
  }

  /**
   * Applies an RFC 7396 merge patch to {@code target} in place: objects merge recursively, a null
   * value removes the member, and any other value (arrays included) replaces it.
   */
  static void mergePatch(ObjectNode target, JsonNode patch) {
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      JsonNode current = target.get(field.getKey());
      if (value.isNull()) {
        target.remove(field.getKey());
      } else if (value.isObject() && current != null && current.isObject()) {
        mergePatch((ObjectNode) current, value);
      } else {
        target.set(field.getKey(), value.deepCopy());
      }
    }
  }

  /** Returns the text at a slash-separated path such as {@code properties/vaultUri}, or null. */
  static String text(JsonNode node, String path) {
    JsonNode value = at(node, path);
    return value == null || value.isNull() || value.isMissingNode() ? null : value.asText();
  }

  static JsonNode at(JsonNode node, String path) {
    JsonNode current = node;
    for (String part : path.split("/")) {
      if (current == null) {
        return null;
      }
      current = current.get(part);
    }
    return current;
  }

  /** Returns the object at {@code path}, creating empty objects on the way. */
  static ObjectNode objectAt(ObjectNode node, String path) {
    ObjectNode current = node;
    for (String part : path.split("/")) {
      JsonNode child = current.get(part);
      if (child == null || !child.isObject()) {
        child = current.putObject(part);
      }
      current = (ObjectNode) child;
    }
    return current;
  }

  /** Returns the array at {@code path}, creating it (and objects on the way) when absent. */
  static ArrayNode arrayAt(ObjectNode node, String path) {
    int slash = path.lastIndexOf('/');
    ObjectNode parent = slash < 0 ? node : objectAt(node, path.substring(0, slash));
    String name = path.substring(slash + 1);
    JsonNode child = parent.get(name);
    if (child == null || !child.isArray()) {
      return parent.putArray(name);
    }
    return (ArrayNode) child;
  }

  static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(value -> values.add(value.asText()));
    }
    return values;
  }

  static ArrayNode arrayOf(List<String> values) {
    ArrayNode array = array();
    values.forEach(array::add);
    return array;
  }
}
