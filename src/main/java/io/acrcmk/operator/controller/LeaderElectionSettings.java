package io.acrcmk.operator.controller;

import java.time.Duration;
import java.util.Objects;

/**
 * Leader election through a coordination.k8s.io Lease, so that of several replicas only one checks
 * policies and writes status.
 *
 * @param leaseName the Lease name
 * @param leaseNamespace the namespace of the Lease, normally the operator's own
 * @param identity this replica's identity, normally the pod name
 * @param exitOnStopLeading whether the process exits when it loses the lease; true in production so
 *     that a replica that lost the lease restarts clean, false in tests
 * @param leaseDuration how long a standby waits after the leader's last renewal before it takes the
 *     Lease. It is a whole number of seconds because the Lease stores seconds.
 * @param renewDeadline how long the leader keeps trying to renew before it gives up leading
 * @param retryPeriod how often each replica tries to take or renew the Lease
 */
public record LeaderElectionSettings(
    String leaseName,
    String leaseNamespace,
    String identity,
    boolean exitOnStopLeading,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod) {

  /** The Lease name used unless configured otherwise. */
  public static final String DEFAULT_LEASE_NAME = "acr-cmk-operator-leader";

  /** The lease duration used unless configured otherwise, as in JOSDK 5.2. */
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);

  /** The renew deadline used unless configured otherwise, as in JOSDK 5.2. */
  public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);

  /** The retry period used unless configured otherwise, as in JOSDK 5.2. */
  public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);

  /**
   * The factor by which fabric8's leader elector (LeaderElector.JITTER_FACTOR in fabric8 7.5.2) may
   * stretch the retry period at random. The renew deadline must exceed the stretched retry period.
   */
  private static final double RETRY_JITTER_FACTOR = 1.2;

  public LeaderElectionSettings {
    Objects.requireNonNull(leaseName, "leaseName");
    if (leaseNamespace == null || leaseNamespace.isBlank()) {
      throw new IllegalArgumentException(
          "leader election needs the Lease namespace; set POD_NAMESPACE or"
              + " --leader-election-namespace");
    }
    Objects.requireNonNull(identity, "identity");
    checkTimes(leaseDuration, renewDeadline, retryPeriod);
  }

  /** Settings with the default lease duration, renew deadline and retry period. */
  public LeaderElectionSettings(
      String leaseName, String leaseNamespace, String identity, boolean exitOnStopLeading) {
    this(
        leaseName,
        leaseNamespace,
        identity,
        exitOnStopLeading,
        DEFAULT_LEASE_DURATION,
        DEFAULT_RENEW_DEADLINE,
        DEFAULT_RETRY_PERIOD);
  }

  /** Returns a copy with other lease timing, such as the short one that tests use. */
  public LeaderElectionSettings withTimes(
      Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    return new LeaderElectionSettings(
        leaseName,
        leaseNamespace,
        identity,
        exitOnStopLeading,
        leaseDuration,
        renewDeadline,
        retryPeriod);
  }

  private static void checkTimes(
      Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    Objects.requireNonNull(renewDeadline, "renewDeadline");
    Objects.requireNonNull(retryPeriod, "retryPeriod");
    if (leaseDuration.toMillis() < 1000 || leaseDuration.toMillis() % 1000 != 0) {
      throw new IllegalArgumentException(
          "leaseDuration must be a whole number of seconds, at least 1s, got " + leaseDuration);
    }
    if (retryPeriod.isNegative() || retryPeriod.isZero()) {
      throw new IllegalArgumentException("retryPeriod must be positive, got " + retryPeriod);
    }
    if (renewDeadline.compareTo(leaseDuration) >= 0) {
      throw new IllegalArgumentException(
          "renewDeadline ("
              + renewDeadline
              + ") must be shorter than leaseDuration ("
              + leaseDuration
              + ")");
    }
    if (renewDeadline.toMillis() <= RETRY_JITTER_FACTOR * retryPeriod.toMillis()) {
      throw new IllegalArgumentException(
          "renewDeadline ("
              + renewDeadline
              + ") must exceed "
              + RETRY_JITTER_FACTOR
              + " times retryPeriod ("
              + retryPeriod
              + ")");
    }
  }
}
