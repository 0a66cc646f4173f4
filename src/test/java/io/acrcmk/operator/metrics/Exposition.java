package io.acrcmk.operator.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A parsed Prometheus text exposition (format 0.0.4 or OpenMetrics), for assertions. */
final class Exposition {

  private static final Pattern LINE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: \\S+)?$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  private final List<Sample> samples;

  private Exposition(List<Sample> samples) {
    this.samples = List.copyOf(samples);
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException on a line that is neither a comment nor a sample
   */
  static Exposition parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher matcher = LINE.matcher(line);
      if (!matcher.matches()) {
        throw new IllegalArgumentException("not a sample line: " + line);
      }
      samples.add(
          new Sample(matcher.group(1), labels(matcher.group(2), line), value(matcher.group(3))));
    }
    return new Exposition(samples);
  }

  private static Map<String, String> labels(String text, String line) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (text == null || text.isEmpty()) {
      return labels;
    }
    Matcher matcher = LABEL.matcher(text);
    int end = 0;
    while (matcher.find() && matcher.start() == end) {
      labels.put(matcher.group(1), matcher.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
      end = matcher.end();
    }
    if (end != text.length()) {
      throw new IllegalArgumentException("cannot parse the labels of: " + line);
    }
    return labels;
  }

  private static double value(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }

  List<Sample> samples() {
    return samples;
  }

  /** Returns the samples of one metric name. */
  List<Sample> named(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** Returns the samples of one metric name that carry all the given labels. */
  List<Sample> named(String name, Map<String, String> labels) {
    return named(name).stream().filter(s -> s.has(labels)).toList();
  }

  /** Returns the value of the only sample of {@code name} with {@code labels}. */
  double value(String name, Map<String, String> labels) {
    List<Sample> matching = named(name, labels);
    if (matching.size() != 1) {
      throw new AssertionError(
          "expected one sample of " + name + labels + " but found " + matching);
    }
    return matching.get(0).value();
  }

  /** Returns the metric names present. */
  java.util.Set<String> names() {
    return samples.stream()
        .map(Sample::name)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }
}
