package io.acrcmk.operator.heal;

import io.acrcmk.operator.api.HealingStatus;
import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.check.CheckResult;
import java.util.List;

/**
 * The result of the heal step, handed back to the reconciler.
 *
 * @param snapshot the snapshot the results come from: the one read after the repairs when any ran
 * @param results the check results to write to status, with notes on repairs in their messages
 * @param status the healing part of the status, or null when there is nothing to show
 */
public record HealReport(AzureSnapshot snapshot, List<CheckResult> results, HealingStatus status) {

  public HealReport {
    results = List.copyOf(results);
  }
}
