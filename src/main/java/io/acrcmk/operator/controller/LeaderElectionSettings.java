package io.acrcmk.operator.controller;

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
 */
public record LeaderElectionSettings(
    String leaseName, String leaseNamespace, String identity, boolean exitOnStopLeading) {

  /** The Lease name used unless configured otherwise. */
  public static final String DEFAULT_LEASE_NAME = "acr-cmk-operator-leader";

  public LeaderElectionSettings {
    Objects.requireNonNull(leaseName, "leaseName");
    if (leaseNamespace == null || leaseNamespace.isBlank()) {
      throw new IllegalArgumentException(
          "leader election needs the Lease namespace; set POD_NAMESPACE or"
              + " --leader-election-namespace");
    }
    Objects.requireNonNull(identity, "identity");
  }
}
