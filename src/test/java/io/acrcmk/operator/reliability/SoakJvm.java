package io.acrcmk.operator.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Measurements of this JVM that a soak compares before and after: used heap and live threads. */
final class SoakJvm {

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private SoakJvm() {}

  /**
   * Returns the used heap in bytes after full collections, taking the smallest of a few readings so
   * that objects freed by finalizers or reference processing in between are not counted.
   */
  static long usedHeapAfterGc() {
    long smallest = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 3; attempt++) {
      System.gc();
      sleep(100);
      smallest = Math.min(smallest, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return smallest;
  }

  /** Returns the live threads by ID, with their names. */
  static Map<Long, String> liveThreads() {
    Set<Thread> threads = Thread.getAllStackTraces().keySet();
    return threads.stream()
        .filter(Thread::isAlive)
        .collect(Collectors.toMap(Thread::getId, Thread::getName, (a, b) -> a, TreeMap::new));
  }

  /**
   * Returns the live threads that were not in {@code before} and that {@code tolerated} does not
   * accept, waiting up to {@code timeout} for threads that are shutting down to end. It collects
   * garbage while it waits, because some threads end only once their owner is collected, such as
   * the selector thread of a JDK HTTP client, which has no close method before Java 21.
   */
  static Map<Long, String> threadsStartedSince(
      Map<Long, String> before, Predicate<String> tolerated, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<Long, String> added = new TreeMap<>(liveThreads());
      added.keySet().removeAll(before.keySet());
      added.values().removeIf(tolerated);
      if (added.isEmpty() || System.nanoTime() - deadline >= 0) {
        return added;
      }
      System.gc();
      sleep(200);
    }
  }

  /** Returns the CPU time this process used so far, in nanoseconds. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while measuring the JVM", e);
    }
  }
}
