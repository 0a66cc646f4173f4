package io.acrcmk.operator.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Formats benchmark results as Markdown tables, one row per scenario. */
final class ResultTable {

  private static final String CYCLE_HEADER =
      "| mode | policies | groups | threads | wall time | floor (reads ÷ refill) | wall ≤ 1.1 ×"
          + " floor | reads/policy | ≤ 1.1 reads/policy | ARM reads | 429s | max load | healthy"
          + " | heap before | peak heap | CPU time |\n"
          + "|---|---:|---:|---:|---:|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n";

  private static final String OPERATOR_HEADER =
      "| policies | groups | check interval | start() | first status | full cycle | floor (reads"
          + " ÷ refill) | cycle ≤ 1.1 × floor | reads/policy | ≤ 1.1 reads/policy | ARM reads |"
          + " 429s | Ready Unknown | healthy | CPU time |\n"
          + "|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---:|---:|---:|---:|---:|\n";

  private static final String MEMORY_HEADER =
      "| policies | groups | simulator live | API server live | operator live | operator ≤ 256"
          + " MiB | live heap, all | peak heap, all | peak RSS |\n"
          + "|---:|---:|---:|---:|---:|---|---:|---:|---:|\n";

  private static final String DETECTION_HEADER =
      "| policies | groups | check interval | faults | detected | p50 | p99 | max | p99 ≤"
          + " interval + 5 s |\n"
          + "|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";

  private static final String STARTUP_HEADER =
      "| policies | JVM start to main | build operator | start() to first status | JVM start to"
          + " first status, fixtures excluded | start() to every status | fixtures, excluded |\n"
          + "|---:|---:|---:|---:|---:|---:|---:|\n";

  private ResultTable() {}

  /** Formats the cycles measured without Kubernetes, shared and naive. */
  static String cycles(List<BenchResult> results) {
    StringBuilder table = new StringBuilder(CYCLE_HEADER);
    for (BenchResult r : results) {
      boolean readsApply = r.shared() && Targets.readsApply(r.policies(), r.groups());
      table.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %,d | %d | %s | %s | %s | %.2f | %s | %,d | %d | %s | %,d | %s | %s |"
                  + " %s |%n",
              r.mode(),
              r.policies(),
              r.groups(),
              r.concurrency(),
              seconds(r.cycle().wall()),
              seconds(r.floor()),
              verdict(Targets.cycleMet(r.cycle().wall(), r.floor())),
              r.readsPerPolicy(),
              readsApply ? verdict(Targets.readsMet(r.readsPerPolicy())) : "n/a",
              r.armReads(),
              r.throttled(),
              seconds(r.cycle().maxLoad()),
              r.cycle().healthy(),
              mebibytes(r.heapBeforeBytes()),
              mebibytes(r.peakHeapBytes()),
              seconds(r.cpuTime())));
    }
    return table.toString();
  }

  /** Formats the operator's first cycles. */
  static String operatorCycles(List<OperatorResult> results) {
    StringBuilder table = new StringBuilder(OPERATOR_HEADER);
    for (OperatorResult r : results) {
      table.append(
          String.format(
              Locale.ROOT,
              "| %,d | %,d | %s | %s | %s | %s | %s | %s | %.2f | %s | %,d | %d | %d | %,d | %s"
                  + " |%n",
              r.policies(),
              r.groups(),
              seconds(r.checkInterval()),
              seconds(r.startCall()),
              seconds(r.firstStatus()),
              seconds(r.cycle()),
              seconds(r.floor()),
              verdict(Targets.cycleMet(r.cycle(), r.floor())),
              r.readsPerPolicy(),
              Targets.readsApply(r.policies(), r.groups())
                  ? verdict(Targets.readsMet(r.readsPerPolicy()))
                  : "n/a",
              r.armReads(),
              r.throttled(),
              r.unknownStatuses(),
              r.healthy(),
              seconds(r.cpuTime())));
    }
    return table.toString();
  }

  /** Formats the operator scenarios' heap and resident set. */
  static String memory(List<OperatorResult> results) {
    StringBuilder table = new StringBuilder(MEMORY_HEADER);
    for (OperatorResult r : results) {
      OperatorResult.Memory m = r.memory();
      table.append(
          String.format(
              Locale.ROOT,
              "| %,d | %,d | %s | %s | %s | %s | %s | %s | %s |%n",
              r.policies(),
              r.groups(),
              mebibytes(m.simulatorLive()),
              mebibytes(m.apiServerLive()),
              mebibytes(m.operatorLive()),
              Targets.heapApplies(r.policies())
                  ? verdict(Targets.heapMet(m.operatorLive()))
                  : "n/a",
              mebibytes(m.totalLive()),
              mebibytes(m.peakHeap()),
              m.peakResident() < 0 ? "unknown" : mebibytes(m.peakResident())));
    }
    return table.toString();
  }

  /** Formats the detection latency of the injected faults. */
  static String detection(List<OperatorResult> results) {
    StringBuilder table = new StringBuilder(DETECTION_HEADER);
    for (OperatorResult r : results) {
      OperatorResult.Detection d = r.detection();
      boolean met =
          d.detected() == d.injected()
              && d.p99() != null
              && d.p99().compareTo(Targets.detectionLimit(r.checkInterval())) <= 0;
      table.append(
          String.format(
              Locale.ROOT,
              "| %,d | %,d | %s | %d | %d | %s | %s | %s | %s |%n",
              r.policies(),
              r.groups(),
              seconds(r.checkInterval()),
              d.injected(),
              d.detected(),
              seconds(d.p50()),
              seconds(d.p99()),
              seconds(d.max()),
              verdict(met)));
    }
    return table.toString();
  }

  /** Formats the start in a fresh JVM. */
  static String startup(StartupProbe.Result r) {
    return STARTUP_HEADER
        + String.format(
            Locale.ROOT,
            "| %,d | %s | %s | %s | %s | %s | %s |%n",
            r.policies(),
            seconds(r.jvmToMain()),
            seconds(r.create()),
            seconds(r.startToFirstStatus()),
            seconds(r.jvmToFirstStatus()),
            seconds(r.startToAllStatuses()),
            seconds(r.fixtures()));
  }

  private static String verdict(boolean met) {
    return met ? "met" : "**missed**";
  }

  static String seconds(Duration duration) {
    if (duration == null) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  static String mebibytes(long bytes) {
    return String.format(Locale.ROOT, "%,d MiB", Math.round(bytes / (1024.0 * 1024)));
  }
}
