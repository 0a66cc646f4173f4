package io.acrcmk.operator.controller;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.api.RegistryEncryptionPolicyStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * When each policy is checked, so that a fleet spreads its checks over the interval instead of
 * checking in bursts.
 *
 * <p>After a check, a policy is rescheduled after its interval plus a fixed offset of up to 10 % of
 * the interval either way, derived from its UID. Policies created or checked together therefore
 * drift apart, and each keeps its own steady period.
 *
 * <p>On the first reconcile of a policy after this operator instance started (or became leader), a
 * policy that an earlier instance checked recently is not checked again at once. It is rescheduled
 * to its last check time plus its interval and offset, where the earlier instance had scheduled it,
 * so a restart over a large fleet does not read Azure for every policy at once. This applies only
 * when the last check completed, for the current generation: a new policy, a changed spec, and a
 * status from a rejected spec, a suspension or a failure inside the operator are checked at once.
 */
final class CheckSchedule {

  /** The maximum offset from the interval, as a fraction of it. */
  static final double MAX_JITTER = 0.10;

  /** Ready reasons of a status that no completed check wrote. */
  private static final Set<String> NOT_FROM_A_CHECK =
      Set.of(Reason.OperatorError.name(), Reason.InvalidSpec.name(), Reason.Suspended.name());

  private static final long MANTISSA_MASK = (1L << 53) - 1;

  private final Clock clock;
  private final AtomicReference<Instant> firstReconcile = new AtomicReference<>();

  CheckSchedule(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Returns the delay from the end of a check to the next check of {@code policy}, for a check
   * whose facts were all read.
   */
  Duration nextCheckAfter(RegistryEncryptionPolicy policy, Duration interval) {
    return interval.plus(jitter(policyKey(policy), interval));
  }

  /**
   * Returns the delay from the end of the check at {@code checkedAt}, which wrote {@code written},
   * to the next check of {@code policy}. A condition left Unknown by a failed Azure read shortens
   * the delay as {@link RecheckDelay} sets out, and the policy's offset applies to that delay too,
   * so that policies hit by one outage do not all retry at the same moment.
   */
  Duration nextCheckAfter(
      RegistryEncryptionPolicy policy,
      RegistryEncryptionPolicyStatus written,
      Duration interval,
      Instant checkedAt) {
    Duration delay = written == null ? interval : RecheckDelay.after(written, interval, checkedAt);
    return delay.plus(jitter(policyKey(policy), delay));
  }

  /**
   * Returns how long to wait before checking {@code policy}, when an earlier operator instance
   * checked it recently and nothing requires a check now; empty to check now. The first call marks
   * the start of this instance's work, and only checks made before it count as an earlier
   * instance's.
   */
  Optional<Duration> waitBeforeCheck(RegistryEncryptionPolicy policy, Duration interval) {
    Instant now = clock.instant();
    // Status times have whole seconds, and so does the start. A check in the second this instance
    // started therefore counts as its own, and JOSDK's reschedule follows it as usual.
    Instant started = firstReconcile.updateAndGet(t -> t != null ? t : now);
    Instant lastCheck = lastCompletedCheck(policy);
    if (lastCheck == null || !lastCheck.isBefore(started.truncatedTo(ChronoUnit.SECONDS))) {
      return Optional.empty();
    }
    Duration period = nextCheckAfter(policy, policy.getStatus(), interval, lastCheck);
    Duration wait = Duration.between(now, lastCheck.plus(period));
    if (wait.isNegative() || wait.isZero()) {
      return Optional.empty();
    }
    // After the wall clock steps back, the last check may lie ahead of it, so the wait is capped.
    Duration bounded = wait.compareTo(period) > 0 ? period : wait;
    // JOSDK schedules in whole milliseconds; rounding up keeps the timer from firing before due.
    return Optional.of(Duration.ofMillis((bounded.toNanos() + 999_999) / 1_000_000));
  }

  /**
   * Returns the offset of the policy identified by {@code key} from {@code interval}: between
   * -{@link #MAX_JITTER} and +{@link #MAX_JITTER} of it, the same for the same key every time.
   */
  static Duration jitter(String key, Duration interval) {
    // An MD5 name-based UUID spreads any key evenly, and its low 53 bits are free of the version
    // and variant bits.
    long bits =
        UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).getLeastSignificantBits();
    double unit = (bits & MANTISSA_MASK) / (double) (1L << 53);
    double fraction = (2 * unit - 1) * MAX_JITTER;
    return Duration.ofMillis(Math.round(interval.toMillis() * fraction));
  }

  /** Returns the UID, or namespace/name for an object that has none yet. */
  static String policyKey(RegistryEncryptionPolicy policy) {
    String uid = policy.getMetadata().getUid();
    if (uid != null && !uid.isBlank()) {
      return uid;
    }
    return policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
  }

  /**
   * Returns the time of the last completed check of the current generation, or null when the status
   * contains none.
   */
  private static Instant lastCompletedCheck(RegistryEncryptionPolicy policy) {
    RegistryEncryptionPolicyStatus status = policy.getStatus();
    if (status == null
        || status.getLastCheckTime() == null
        || !Objects.equals(status.getObservedGeneration(), policy.getMetadata().getGeneration())) {
      return null;
    }
    boolean completed =
        status.getConditions().stream()
            .anyMatch(
                c ->
                    ConditionTypes.READY.equals(c.getType())
                        && !NOT_FROM_A_CHECK.contains(c.getReason()));
    if (!completed) {
      return null;
    }
    try {
      return Instant.parse(status.getLastCheckTime());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
