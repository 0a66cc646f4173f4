package io.acrcmk.operator.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * One sample line of a Prometheus text exposition.
 *
 * @param name the metric name as scraped, with any suffix such as {@code _total}
 * @param labels the labels, sorted by name
 * @param value the value
 */
record Sample(String name, Map<String, String> labels, double value) {

  Sample {
    labels = new TreeMap<>(labels);
  }

  /** Returns the label's value, or null when the sample has no such label. */
  String label(String labelName) {
    return labels.get(labelName);
  }

  /** Returns whether every given label has the given value. */
  boolean has(Map<String, String> expected) {
    return expected.entrySet().stream()
        .allMatch(entry -> entry.getValue().equals(labels.get(entry.getKey())));
  }
}
