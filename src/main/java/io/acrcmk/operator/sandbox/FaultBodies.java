package io.acrcmk.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Applies the faults that change a normal response's body instead of replacing it.
 *
 * <p>A field path is a list of segments separated by slashes. A segment names an object field, or
 * is a zero-based index into an array, or is {@code *} for every element of an array and every
 * value of an object. So {@code value/0/properties/scope} edits the first entry of a list response,
 * and {@code identity/userAssignedIdentities/*}{@code /principalId} edits every entry of a map
 * whose keys are resource IDs, which contain slashes themselves.
 */
final class FaultBodies {

  private FaultBodies() {}

  static void apply(Fault fault, SimulatorResponse response) {
    if (fault instanceof Fault.TruncatedBody) {
      byte[] body = response.bodyBytes();
      response.replaceRaw(Arrays.copyOf(body, body.length / 2));
    } else if (fault instanceof Fault.CutOffBody cutOff) {
      byte[] body = response.bodyBytes();
      response.replaceRaw(Arrays.copyOf(body, Math.max(0, body.length - cutOff.droppedBytes())));
    } else if (fault instanceof Fault.MalformedBody) {
      response.replaceRaw("{\"id\": \"/subscriptions/,, <html>".getBytes(StandardCharsets.UTF_8));
    } else if (fault instanceof Fault.RemoveField remove) {
      editParents(response, remove.path(), (parent, name) -> parent.remove(name));
    } else if (fault instanceof Fault.NullField nullField) {
      editParents(response, nullField.path(), (parent, name) -> parent.putNull(name));
    }
  }

  private interface FieldEdit {
    void apply(ObjectNode parent, String name);
  }

  /**
   * Edits the field in every object the path's parent segments reach; a path that reaches no object
   * leaves the body unchanged.
   */
  private static void editParents(SimulatorResponse response, String path, FieldEdit edit) {
    JsonNode body = response.json();
    if (body == null) {
      return;
    }
    JsonNode copy = body.deepCopy();
    int slash = path.lastIndexOf('/');
    String name = path.substring(slash + 1);
    List<JsonNode> parents =
        slash < 0 ? List.of(copy) : resolve(copy, path.substring(0, slash).split("/"));
    boolean edited = false;
    for (JsonNode parent : parents) {
      if (parent instanceof ObjectNode object) {
        edit.apply(object, name);
        edited = true;
      }
    }
    if (edited) {
      response.replaceJson(copy);
    }
  }

  /** Returns the nodes {@code segments} lead to from {@code root}, expanding each wildcard. */
  private static List<JsonNode> resolve(JsonNode root, String[] segments) {
    List<JsonNode> current = List.of(root);
    for (String segment : segments) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        if (segment.equals("*")) {
          node.elements().forEachRemaining(next::add);
        } else {
          JsonNode child = node.isArray() ? element(node, segment) : node.get(segment);
          if (child != null) {
            next.add(child);
          }
        }
      }
      current = next;
    }
    return current;
  }

  private static JsonNode element(JsonNode array, String segment) {
    try {
      return array.get(Integer.parseInt(segment));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
