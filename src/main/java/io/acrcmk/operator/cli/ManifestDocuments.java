package io.acrcmk.operator.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads the documents of a Kubernetes manifest, YAML with {@code ---} separators or JSON, into JSON
 * trees and notes the line of every field, so that an error about {@code spec.key.name} can name
 * the line it sits on.
 */
final class ManifestDocuments {

  private static final JsonFactory YAML = new YAMLFactory();
  private static final JsonFactory JSON = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * One document of a manifest.
   *
   * @param number the document's position in the file, from 1
   * @param line the line the document starts on, from 1
   * @param content the parsed document; null for an empty document
   * @param fieldLines the line of each field, keyed by its path such as {@code spec.key.name} or
   *     {@code items[0]}
   */
  record Document(int number, int line, JsonNode content, Map<String, Integer> fieldLines) {

    /**
     * Returns the line of {@code path}, or of its nearest ancestor that has one, or the document's
     * first line.
     */
    int lineOf(String path) {
      String current = path;
      while (current != null && !current.isEmpty()) {
        Integer found = fieldLines.get(current);
        if (found != null) {
          return found;
        }
        current = parentOf(current);
      }
      return line;
    }

    private static String parentOf(String path) {
      int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
      return cut <= 0 ? null : path.substring(0, cut);
    }
  }

  /** A manifest that is not valid YAML or JSON, with the position the parser stopped at. */
  static final class SyntaxException extends Exception {
    private final int line;
    private final int column;

    SyntaxException(String message, int line, int column) {
      super(message);
      this.line = line;
      this.column = column;
    }

    int line() {
      return line;
    }

    int column() {
      return column;
    }
  }

  private ManifestDocuments() {}

  /**
   * Parses every document of {@code text}, as JSON when {@code json} is true and as YAML otherwise.
   *
   * @throws SyntaxException when the text is not valid, or an object repeats a field (which kubectl
   *     rejects as well)
   */
  static List<Document> parse(String text, boolean json) throws SyntaxException {
    List<Document> documents = new ArrayList<>();
    try (JsonParser parser = (json ? JSON : YAML).createParser(text)) {
      try {
        JsonToken token = parser.nextToken();
        while (token != null) {
          int line = parser.currentTokenLocation().getLineNr();
          Map<String, Integer> lines = new HashMap<>();
          JsonNode content = readValue(parser, "", lines);
          documents.add(
              new Document(documents.size() + 1, line, content.isNull() ? null : content, lines));
          token = parser.nextToken();
        }
      } catch (StreamConstraintsException e) {
        // A limit such as the nesting depth carries no location of its own.
        JsonLocation at = parser.currentLocation();
        throw new SyntaxException(
            readable(e.getOriginalMessage()), at.getLineNr(), at.getColumnNr());
      }
    } catch (SyntaxException e) {
      throw e;
    } catch (JsonProcessingException e) {
      MarkedYAMLException yaml = yamlCause(e);
      if (yaml != null && yaml.getProblemMark() != null) {
        // SnakeYAML's own message spans lines and quotes the input; its parts read better.
        String context = yaml.getContext() == null ? "" : yaml.getContext() + ": ";
        throw new SyntaxException(
            context + yaml.getProblem(),
            yaml.getProblemMark().getLine() + 1,
            yaml.getProblemMark().getColumn() + 1);
      }
      JsonLocation at = e.getLocation();
      throw new SyntaxException(
          readable(e.getOriginalMessage()),
          at == null ? 0 : at.getLineNr(),
          at == null ? 0 : at.getColumnNr());
    } catch (IOException e) {
      throw new SyntaxException(e.getMessage(), 0, 0);
    }
    return documents;
  }

  /**
   * Returns a Jackson message on one line, without the parts that name Jackson's own classes: the
   * start marker's source, which Jackson prints as "REDACTED", and the setting behind a limit.
   */
  private static String readable(String message) {
    return message
        .replaceAll(
            "\\(start marker at \\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]\\)",
            "(opened at line $1, column $2)")
        .replaceAll(", from `[^`]*`", "")
        .replaceAll("\\s+", " ")
        .trim();
  }

  private static MarkedYAMLException yamlCause(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof MarkedYAMLException marked) {
        return marked;
      }
    }
    return null;
  }

  private static JsonNode readValue(JsonParser parser, String path, Map<String, Integer> lines)
      throws IOException, SyntaxException {
    JsonToken token = parser.currentToken();
    return switch (token) {
      case START_OBJECT -> readObject(parser, path, lines);
      case START_ARRAY -> readArray(parser, path, lines);
      case VALUE_STRING, VALUE_EMBEDDED_OBJECT -> NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT -> NODES.numberNode(parser.getBigIntegerValue());
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      default ->
          throw new SyntaxException(
              "unexpected " + token,
              parser.currentTokenLocation().getLineNr(),
              parser.currentTokenLocation().getColumnNr());
    };
  }

  private static ObjectNode readObject(JsonParser parser, String path, Map<String, Integer> lines)
      throws IOException, SyntaxException {
    ObjectNode object = NODES.objectNode();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonLocation at = parser.currentTokenLocation();
      String child = path.isEmpty() ? name : path + "." + name;
      if (object.has(name)) {
        throw new SyntaxException(
            "field \"" + child + "\" appears twice", at.getLineNr(), at.getColumnNr());
      }
      lines.put(child, at.getLineNr());
      parser.nextToken();
      object.set(name, readValue(parser, child, lines));
    }
    return object;
  }

  private static ArrayNode readArray(JsonParser parser, String path, Map<String, Integer> lines)
      throws IOException, SyntaxException {
    ArrayNode array = NODES.arrayNode();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      String child = path + "[" + array.size() + "]";
      lines.put(child, parser.currentTokenLocation().getLineNr());
      array.add(readValue(parser, child, lines));
    }
    return array;
  }
}
