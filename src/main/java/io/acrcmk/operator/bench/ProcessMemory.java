package io.acrcmk.operator.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The heap and resident set of this process. The resident set comes from {@code /proc/self}, so it
 * is known only on Linux; elsewhere its methods return -1.
 */
final class ProcessMemory {

  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  /** Collections in a row before the live heap is read: one can leave garbage for the next. */
  private static final int COLLECTIONS = 3;

  private ProcessMemory() {}

  /**
   * Returns the heap in use after a few full collections, which is the heap the live objects take.
   * {@link System#gc()} runs a full collection with G1 unless {@code -XX:+DisableExplicitGC} is
   * set.
   */
  static long liveHeapBytes() {
    for (int i = 0; i < COLLECTIONS; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return usedHeapBytes();
  }

  static long usedHeapBytes() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Returns the resident set size now, VmRSS, or -1 when unknown. */
  static long residentBytes() {
    return bytes(statusKilobytes("VmRSS:"));
  }

  /** Returns the peak resident set size since the last reset, VmHWM, or -1 when unknown. */
  static long peakResidentBytes() {
    return bytes(statusKilobytes("VmHWM:"));
  }

  /**
   * Resets the peak resident set size to the current one, by writing 5 to {@code
   * /proc/self/clear_refs} (Linux 4.0 and later). Returns false when the kernel did not allow it,
   * in which case the peak covers the whole process lifetime.
   */
  static boolean resetPeakResident() {
    try {
      Files.writeString(CLEAR_REFS, "5", StandardCharsets.US_ASCII);
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  private static long bytes(long kilobytes) {
    return kilobytes < 0 ? -1 : kilobytes * 1024;
  }

  private static long statusKilobytes(String field) {
    List<String> lines;
    try {
      lines = Files.readAllLines(STATUS, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return -1;
    }
    for (String line : lines) {
      if (line.startsWith(field)) {
        String value = line.substring(field.length()).trim();
        int space = value.indexOf(' ');
        return Long.parseLong(space < 0 ? value : value.substring(0, space));
      }
    }
    return -1;
  }
}
