package io.acrcmk.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Applies the faults that change a normal response's body instead of replacing it. */
final class FaultBodies {

  private FaultBodies() {}

  static void apply(Fault fault, SimulatorResponse response) {
    if (fault instanceof Fault.TruncatedBody) {
      byte[] body = response.bodyBytes();
      response.replaceRaw(Arrays.copyOf(body, body.length / 2));
    } else if (fault instanceof Fault.MalformedBody) {
      response.replaceRaw("{\"id\": \"/subscriptions/,, <html>".getBytes(StandardCharsets.UTF_8));
    } else if (fault instanceof Fault.RemoveField remove) {
      editParent(response, remove.path(), (parent, name) -> parent.remove(name));
    } else if (fault instanceof Fault.NullField nullField) {
      editParent(response, nullField.path(), (parent, name) -> parent.putNull(name));
    }
  }

  private interface FieldEdit {
    void apply(ObjectNode parent, String name);
  }

  /** Edits the field in place; a path that does not exist leaves the body unchanged. */
  private static void editParent(SimulatorResponse response, String path, FieldEdit edit) {
    JsonNode body = response.json();
    if (body == null) {
      return;
    }
    JsonNode copy = body.deepCopy();
    int slash = path.lastIndexOf('/');
    JsonNode parent = slash < 0 ? copy : Json.at(copy, path.substring(0, slash));
    if (parent instanceof ObjectNode object) {
      edit.apply(object, path.substring(slash + 1));
      response.replaceJson(copy);
    }
  }
}
