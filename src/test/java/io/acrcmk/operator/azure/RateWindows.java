package io.acrcmk.operator.azure;

import java.util.List;

/** Measures the largest number of events in any time window of a given length. */
final class RateWindows {

  private RateWindows() {}

  /**
   * Returns the most events of {@code sortedNanos} that fall within any window {@code [t, t +
   * windowNanos]}.
   */
  static long maxInWindow(List<Long> sortedNanos, long windowNanos) {
    long max = 0;
    int first = 0;
    for (int last = 0; last < sortedNanos.size(); last++) {
      while (sortedNanos.get(last) - sortedNanos.get(first) > windowNanos) {
        first++;
      }
      max = Math.max(max, last - first + 1);
    }
    return max;
  }
}
