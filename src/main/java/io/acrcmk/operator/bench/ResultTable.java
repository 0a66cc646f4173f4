package io.acrcmk.operator.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Formats benchmark results as a Markdown table, one row per scenario. */
final class ResultTable {

  private static final String HEADER =
      "| mode | policies | groups | threads | wall time | reads/policy | ARM reads | floor"
          + " (reads ÷ refill) | 429s | max load | healthy | heap before | peak heap | CPU time |";
  private static final String RULE =
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

  private ResultTable() {}

  static String format(List<BenchResult> results) {
    StringBuilder table = new StringBuilder(HEADER).append('\n').append(RULE).append('\n');
    for (BenchResult result : results) {
      table.append(row(result)).append('\n');
    }
    return table.toString();
  }

  private static String row(BenchResult r) {
    return String.format(
        Locale.ROOT,
        "| %s | %,d | %,d | %d | %s | %.2f | %,d | %s | %d | %s | %,d | %s | %s | %s |",
        r.mode(),
        r.policies(),
        r.groups(),
        r.concurrency(),
        seconds(r.cycle().wall()),
        r.readsPerPolicy(),
        r.armReads(),
        seconds(r.floor()),
        r.throttled(),
        seconds(r.cycle().maxLoad()),
        r.cycle().healthy(),
        megabytes(r.heapBeforeBytes()),
        megabytes(r.peakHeapBytes()),
        seconds(r.cpuTime()));
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%,d MB", bytes / (1024 * 1024));
  }
}
