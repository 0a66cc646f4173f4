package io.acrcmk.operator.api;

/**
 * Go's {@code %q} quoting, which kube-apiserver uses for the values in its field errors. Messages
 * that quote user input with it stay on one line and show hidden characters, such as a
 * right-to-left override in a name, as escapes.
 */
public final class GoQuote {

  private GoQuote() {}

  /**
   * Quotes a string as Go's %q verb (strconv.Quote) does: printable characters stay as they are,
   * including non-ASCII letters, digits and symbols, and the rest are escaped. Go counts letters,
   * marks, numbers, punctuation, symbols and the ASCII space as printable, so controls, format
   * characters such as U+202E (right-to-left override) and spaces other than U+0020 are escaped.
   */
  public static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    text.codePoints().forEach(c -> appendQuoted(quoted, c));
    return quoted.append('"').toString();
  }

  private static void appendQuoted(StringBuilder quoted, int c) {
    switch (c) {
      case '"' -> quoted.append("\\\"");
      case '\\' -> quoted.append("\\\\");
      case 0x07 -> quoted.append("\\a");
      case '\b' -> quoted.append("\\b");
      case '\f' -> quoted.append("\\f");
      case '\n' -> quoted.append("\\n");
      case '\r' -> quoted.append("\\r");
      case '\t' -> quoted.append("\\t");
      case 0x0b -> quoted.append("\\v");
      default -> {
        if (c < 0x20 || c == 0x7f) {
          quoted.append(String.format("\\x%02x", c));
        } else if (c == ' ' || isGoPrintable(c)) {
          quoted.appendCodePoint(c);
        } else if (c < 0x10000) {
          // Also an unpaired surrogate, which the API server would have decoded as U+FFFD.
          quoted.append(String.format("\\u%04x", c));
        } else {
          quoted.append(String.format("\\U%08x", c));
        }
      }
    }
  }

  /** Returns whether Go's unicode.IsPrint holds: a letter, mark, number, punctuation or symbol. */
  private static boolean isGoPrintable(int c) {
    return switch (Character.getType(c)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.PRIVATE_USE,
          Character.SURROGATE,
          Character.UNASSIGNED,
          Character.SPACE_SEPARATOR,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR ->
          false;
      default -> true;
    };
  }
}
