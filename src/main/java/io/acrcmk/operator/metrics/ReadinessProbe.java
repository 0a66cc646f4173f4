package io.acrcmk.operator.metrics;

import java.util.Optional;

/** Tells whether the operator can do its work, for the {@code /readyz} endpoint. */
@FunctionalInterface
public interface ReadinessProbe {

  /** Returns why the operator is not ready, or empty when it is. */
  Optional<String> notReadyReason();
}
