package io.acrcmk.operator.azure;

import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import java.time.Duration;

/**
 * A source of Azure snapshots. The loader that talks to Azure implements it, and a shared cache or
 * a request budget can wrap it without the callers noticing.
 */
public interface SnapshotSource {

  /**
   * Reads the Azure state that {@code target} names. Implementations report Azure faults as {@code
   * Failed} or {@code NotFound} outcomes inside the snapshot instead of throwing them.
   */
  AzureSnapshot load(PolicyTarget target);

  /**
   * Reads the Azure state that {@code target} names, taking reads that many policies share from a
   * cache only while they are younger than {@code maxAge}. A source without such a cache reads as
   * {@link #load(PolicyTarget)} does.
   */
  default AzureSnapshot load(PolicyTarget target, Duration maxAge) {
    return load(target);
  }
}
