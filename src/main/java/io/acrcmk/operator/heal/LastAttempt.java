package io.acrcmk.operator.heal;

import io.acrcmk.operator.api.HealOutcome;
import java.time.Instant;
import java.util.Objects;

/**
 * The most recent attempt of one action for one policy, which starts its cooldown.
 *
 * @param time when it was made
 * @param outcome how it ended, or null while it is still running
 * @param errorCode the Azure error code of a failure, or null
 */
record LastAttempt(Instant time, HealOutcome outcome, String errorCode) {

  LastAttempt {
    Objects.requireNonNull(time, "time");
  }

  /** Returns the later of two attempts; either may be null. */
  static LastAttempt later(LastAttempt first, LastAttempt second) {
    if (first == null) {
      return second;
    }
    if (second == null) {
      return first;
    }
    return second.time.isAfter(first.time) ? second : first;
  }
}
