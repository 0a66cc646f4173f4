package io.acrcmk.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks that values.yaml and values.schema.json document every chart value. */
final class ValuesDocumentation {

  private static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z][A-Za-z0-9_]*):.*$");

  private ValuesDocumentation() {}

  /**
   * Returns the dotted path of every key of values.yaml that the schema declares as a property and
   * that has no comment line right above it. Keys inside free-form maps, such as labels, are not
   * chart values and need no comment.
   */
  static List<String> keysWithoutComment(List<String> lines, JsonNode schema) {
    List<String> missing = new ArrayList<>();
    Deque<Map.Entry<Integer, String>> parents = new ArrayDeque<>();
    String previous = "";
    for (String line : lines) {
      Matcher matcher = KEY.matcher(line);
      if (matcher.matches()) {
        int indent = matcher.group(1).length();
        while (!parents.isEmpty() && parents.peek().getKey() >= indent) {
          parents.pop();
        }
        List<String> path = new ArrayList<>();
        parents.descendingIterator().forEachRemaining(entry -> path.add(entry.getValue()));
        path.add(matcher.group(2));
        if (declared(schema, path) && !previous.trim().startsWith("#")) {
          missing.add(String.join(".", path));
        }
        parents.push(Map.entry(indent, matcher.group(2)));
      }
      if (!line.isBlank()) {
        previous = line;
      }
    }
    return missing;
  }

  /** Returns the dotted path of every schema property without a description. */
  static List<String> propertiesWithoutDescription(JsonNode schema) {
    List<String> missing = new ArrayList<>();
    walk(
        schema,
        "",
        (path, property) -> {
          if (property.path("description").asText().isBlank()) {
            missing.add(path);
          }
        });
    return missing;
  }

  /** Returns the dotted path of every schema property that values.yaml does not set. */
  static List<String> propertiesWithoutDefault(JsonNode schema, JsonNode values) {
    List<String> missing = new ArrayList<>();
    walk(
        schema,
        "",
        (path, property) -> {
          JsonNode node = values;
          for (String part : path.split("\\.")) {
            node = node.path(part);
          }
          if (node.isMissingNode()) {
            missing.add(path);
          }
        });
    return missing;
  }

  private interface PropertyVisitor {
    void visit(String path, JsonNode property);
  }

  private static void walk(JsonNode schema, String prefix, PropertyVisitor visitor) {
    Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
    while (properties.hasNext()) {
      Map.Entry<String, JsonNode> property = properties.next();
      String path = prefix.isEmpty() ? property.getKey() : prefix + "." + property.getKey();
      visitor.visit(path, property.getValue());
      walk(property.getValue(), path, visitor);
    }
  }

  private static boolean declared(JsonNode schema, List<String> path) {
    JsonNode node = schema;
    for (String part : path) {
      node = node.path("properties").path(part);
      if (node.isMissingNode()) {
        return false;
      }
    }
    return true;
  }
}
