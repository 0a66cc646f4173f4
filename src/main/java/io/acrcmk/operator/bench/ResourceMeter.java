package io.acrcmk.operator.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;

/**
 * Samples the JVM's used heap every few milliseconds and reads the process CPU time, for one
 * measured interval. Both cover the whole process, so they include the in-process simulator.
 */
final class ResourceMeter implements AutoCloseable {

  private static final long SAMPLE_MILLIS = 10;

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final long cpuAtStart = processCpuNanos();
  private final Thread sampler;
  private volatile boolean running = true;
  private volatile long peakHeapBytes;

  private ResourceMeter() {
    peakHeapBytes = memory.getHeapMemoryUsage().getUsed();
    sampler = new Thread(this::sample, "bench-heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Starts sampling now. */
  static ResourceMeter start() {
    return new ResourceMeter();
  }

  /** Returns the heap in use after a full collection, as the baseline before a measurement. */
  static long settledHeapBytes() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  long peakHeapBytes() {
    return Math.max(peakHeapBytes, memory.getHeapMemoryUsage().getUsed());
  }

  /** Returns the CPU time all threads of the process used since the meter started. */
  Duration cpuTime() {
    return Duration.ofNanos(processCpuNanos() - cpuAtStart);
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }

  private void sample() {
    while (running) {
      long used = memory.getHeapMemoryUsage().getUsed();
      if (used > peakHeapBytes) {
        peakHeapBytes = used;
      }
      try {
        Thread.sleep(SAMPLE_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
