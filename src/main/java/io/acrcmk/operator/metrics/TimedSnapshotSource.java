package io.acrcmk.operator.metrics;

import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.SnapshotSource;
import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Times each snapshot load in {@code acrcmk_check_duration_seconds}. Loading the snapshot is the
 * whole cost of a check: the checks that follow are pure functions over it. Suspended policies and
 * specs the operator rejects load nothing, so they are not timed.
 */
final class TimedSnapshotSource implements SnapshotSource {

  private final SnapshotSource delegate;
  private final Timer timer;

  TimedSnapshotSource(SnapshotSource delegate, Timer timer) {
    this.delegate = delegate;
    this.timer = timer;
  }

  @Override
  public AzureSnapshot load(PolicyTarget target) {
    Timer.Sample sample = Timer.start();
    try {
      return delegate.load(target);
    } finally {
      sample.stop(timer);
    }
  }

  @Override
  public AzureSnapshot load(PolicyTarget target, Duration maxAge) {
    Timer.Sample sample = Timer.start();
    try {
      return delegate.load(target, maxAge);
    } finally {
      sample.stop(timer);
    }
  }
}
