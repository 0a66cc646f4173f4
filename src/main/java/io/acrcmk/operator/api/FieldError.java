package io.acrcmk.operator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * One rejection of a custom resource, rendered as kube-apiserver renders a field error
 * (apimachinery's {@code field.Error}): {@code <path>: <type>[: <value>][: <detail>]}.
 *
 * @param type the kind of error, which decides the wording and whether the value is shown
 * @param path the field path, such as {@code spec.healing.actions[1]}, or empty for the root
 * @param badValue the offending value as JSON, or null to print {@code null}
 * @param detail the explanation after the value, or empty
 */
record FieldError(Type type, String path, JsonNode badValue, String detail) {

  private static final ObjectMapper SORTED_JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /** Error types of apimachinery, with the words it prints for each. */
  enum Type {
    REQUIRED("Required value", false),
    FORBIDDEN("Forbidden", false),
    TOO_LONG("Too long", false),
    INVALID("Invalid value", true),
    TYPE_INVALID("Invalid value", true),
    NOT_SUPPORTED("Unsupported value", true),
    DUPLICATE("Duplicate value", true),
    TOO_MANY("Too many", true);

    private final String words;
    private final boolean showsValue;

    Type(String words, boolean showsValue) {
      this.words = words;
      this.showsValue = showsValue;
    }

    /**
     * Returns whether kube-apiserver skips the CEL rules once a schema error of this type exists.
     */
    boolean blocksCel() {
      return this == NOT_SUPPORTED
          || this == REQUIRED
          || this == TOO_LONG
          || this == TOO_MANY
          || this == TYPE_INVALID;
    }
  }

  /** Returns the line kubectl prints for this error. */
  String message() {
    StringBuilder message = new StringBuilder(path.isEmpty() ? "<nil>" : path).append(": ");
    message.append(type.words);
    if (type.showsValue) {
      message.append(": ").append(formatValue(badValue));
    }
    if (!detail.isEmpty()) {
      message.append(": ").append(detail);
    }
    return message.toString();
  }

  @Override
  public String toString() {
    return message();
  }

  /**
   * Formats a value as Go's fmt does in field errors: %q for strings, %v for scalars, else JSON.
   */
  static String formatValue(JsonNode value) {
    if (value == null || value.isNull()) {
      return "null";
    }
    if (value.isTextual()) {
      return goQuote(value.textValue());
    }
    if (value.isFloatingPointNumber()) {
      return value.decimalValue().stripTrailingZeros().toPlainString();
    }
    if (value.isNumber() || value.isBoolean()) {
      return value.asText();
    }
    try {
      Object plain = SORTED_JSON.treeToValue(value, Object.class);
      return SORTED_JSON.writeValueAsString(plain);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + value + " as JSON", e);
    }
  }

  /** Quotes a string as Go's %q verb does; see {@link GoQuote#quote}. */
  static String goQuote(String text) {
    return GoQuote.quote(text);
  }
}
