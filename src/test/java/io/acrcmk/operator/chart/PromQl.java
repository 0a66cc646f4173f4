package io.acrcmk.operator.chart;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the metric names a PromQL expression selects. It is not a full parser: it removes string
 * literals, label matchers, range and subquery brackets, and the label lists of grouping and
 * vector-matching clauses, then takes every remaining identifier that is not a function, keyword or
 * number.
 */
public final class PromQl {

  private static final Pattern STRING =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern LABEL_LIST =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "offset",
          "atan2",
          "inf",
          "nan",
          "e");

  private PromQl() {}

  /** Returns the metric names {@code expression} selects, such as {@code up}. */
  public static Set<String> metricNames(String expression) {
    String text = STRING.matcher(expression).replaceAll(" ");
    text = MATCHERS.matcher(text).replaceAll(" ");
    text = RANGE.matcher(text).replaceAll(" ");
    text = LABEL_LIST.matcher(text).replaceAll(" ");
    // Grafana variables such as $__rate_interval or ${namespace} are not metrics.
    text = text.replaceAll("\\$\\{?[a-zA-Z_][a-zA-Z0-9_]*}?", " ");
    Set<String> names = new TreeSet<>();
    Matcher matcher = IDENTIFIER.matcher(text);
    while (matcher.find()) {
      String identifier = matcher.group();
      int after = matcher.end();
      while (after < text.length() && Character.isWhitespace(text.charAt(after))) {
        after++;
      }
      boolean function = after < text.length() && text.charAt(after) == '(';
      boolean partOfNumber =
          matcher.start() > 0 && Character.isDigit(text.charAt(matcher.start() - 1));
      if (!function && !partOfNumber && !KEYWORDS.contains(identifier.toLowerCase())) {
        names.add(identifier);
      }
    }
    return names;
  }
}
