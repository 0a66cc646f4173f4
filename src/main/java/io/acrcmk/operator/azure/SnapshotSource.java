package io.acrcmk.operator.azure;

import io.acrcmk.operator.azure.snapshot.AzureSnapshot;

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
}
