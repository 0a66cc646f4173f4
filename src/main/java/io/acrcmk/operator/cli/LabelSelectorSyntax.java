package io.acrcmk.operator.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a label selector string against the syntax the Kubernetes API server parses
 * (k8s.io/apimachinery labels.Parse), so that a typo fails at startup with the requirement at fault
 * rather than as a failed list request.
 */
final class LabelSelectorSyntax {

  private static final String NAME = "[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
  private static final String PREFIX = "[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?";
  private static final String KEY = "(?:" + PREFIX + "/)?" + NAME;
  private static final String VALUE = "(?:" + NAME + ")?";

  private static final List<Pattern> REQUIREMENTS =
      List.of(
          // key, !key
          Pattern.compile("\\s*!?\\s*" + KEY + "\\s*"),
          // key=value, key==value, key!=value
          Pattern.compile("\\s*" + KEY + "\\s*(?:==?|!=)\\s*" + VALUE + "\\s*"),
          // key in (a,b), key notin (a,b)
          Pattern.compile(
              "\\s*"
                  + KEY
                  + "\\s+(?:in|notin)\\s*\\(\\s*"
                  + VALUE
                  + "(?:\\s*,\\s*"
                  + VALUE
                  + ")*\\s*\\)\\s*"),
          // key>1, key<1
          Pattern.compile("\\s*" + KEY + "\\s*[<>]\\s*-?[0-9]+\\s*"));

  private LabelSelectorSyntax() {}

  /**
   * Returns the first requirement of {@code selector} that does not follow the syntax, or null when
   * every requirement does. A blank selector selects everything and is valid.
   *
   * <p>NOTE: a few forms pass here that the API server still rejects, such as the empty value set
   * of {@code key in ()} or a prefix with two dots in a row; those fail at the first list request.
   */
  static String invalidRequirement(String selector) {
    if (selector == null || selector.isBlank()) {
      return null;
    }
    for (String requirement : requirements(selector)) {
      if (REQUIREMENTS.stream().noneMatch(pattern -> pattern.matcher(requirement).matches())) {
        return requirement.strip();
      }
    }
    return null;
  }

  /** Splits {@code selector} at the commas that are not inside the parentheses of a value set. */
  private static List<String> requirements(String selector) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(selector.substring(start));
    return parts;
  }
}
