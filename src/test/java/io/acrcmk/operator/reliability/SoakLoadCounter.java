package io.acrcmk.operator.reliability;

import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.SnapshotSource;
import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A snapshot source that counts the loads of each registry of a fleet before passing them on. The
 * reconciler loads one snapshot per check, so the count of a policy's registry is the count of its
 * checks that reached Azure.
 *
 * <p>It also counts, per registry, the loads that started after a mark set with {@link #mark()}.
 * java-operator-sdk never runs two reconciles of one policy at once, so once a registry has two
 * such loads, the status patch of the first has been written, and that status was built from a load
 * that started after the mark.
 */
final class SoakLoadCounter implements SnapshotSource {

  private final SnapshotSource delegate;
  private final Loads[] byIndex;
  private final Map<String, Loads> byRegistry = new HashMap<>();
  private final AtomicInteger unknownLoads = new AtomicInteger();
  private volatile boolean marked;
  private volatile long markNanos;

  /** Counts the loads of {@code registryIds}; the index of each is the policy index. */
  SoakLoadCounter(SnapshotSource delegate, List<String> registryIds) {
    this.delegate = delegate;
    this.byIndex = new Loads[registryIds.size()];
    for (int index = 0; index < byIndex.length; index++) {
      byIndex[index] = new Loads();
      byRegistry.put(key(registryIds.get(index)), byIndex[index]);
    }
  }

  @Override
  public AzureSnapshot load(PolicyTarget target) {
    long started = System.nanoTime();
    Loads loads = byRegistry.get(key(target.registry().toString()));
    if (loads == null) {
      unknownLoads.incrementAndGet();
    } else {
      loads.total.incrementAndGet();
      if (marked && started - markNanos >= 0) {
        loads.sinceMark.incrementAndGet();
      }
    }
    return delegate.load(target);
  }

  /** Returns how many loads of policy {@code index}'s registry started so far. */
  int loads(int index) {
    return byIndex[index].total.get();
  }

  /** Returns the smallest load count of any registry of the fleet. */
  int minimumLoads() {
    int minimum = Integer.MAX_VALUE;
    for (Loads loads : byIndex) {
      minimum = Math.min(minimum, loads.total.get());
    }
    return minimum;
  }

  /** Returns the smallest count of loads since the mark of any registry of the fleet. */
  int minimumLoadsSinceMark() {
    int minimum = Integer.MAX_VALUE;
    for (Loads loads : byIndex) {
      minimum = Math.min(minimum, loads.sinceMark.get());
    }
    return minimum;
  }

  /** Returns the load count of each registry of the fleet, smallest first. */
  int[] sortedLoads() {
    int[] counts = new int[byIndex.length];
    for (int index = 0; index < counts.length; index++) {
      counts[index] = byIndex[index].total.get();
    }
    Arrays.sort(counts);
    return counts;
  }

  /** Returns how many loads of the fleet's registries started so far. */
  long totalLoads() {
    long total = 0;
    for (Loads loads : byIndex) {
      total += loads.total.get();
    }
    return total;
  }

  /** Returns how many loads named a registry outside the fleet. A correct run has none. */
  int unknownLoads() {
    return unknownLoads.get();
  }

  /**
   * Starts counting loads afresh from now. A load that started before this call is never counted as
   * after the mark, even when it increments its counter after the reset.
   */
  void mark() {
    markNanos = System.nanoTime();
    marked = true;
    for (Loads loads : byIndex) {
      loads.sinceMark.set(0);
    }
  }

  private static String key(String registryId) {
    return registryId.toLowerCase(Locale.ROOT);
  }

  private static final class Loads {
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger sinceMark = new AtomicInteger();
  }
}
