package io.acrcmk.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.api.HealingMode;
import io.acrcmk.operator.controller.LeaderElectionSettings;
import io.acrcmk.operator.controller.PolicyOperator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.RecordedRequest;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes.ApiRequest;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two healing replicas that share one Lease. Only the holder may write status, events or Azure.
 * When it stops, the other takes the Lease once it expires and brings every policy up to date,
 * including a fault and a spec change made while no replica held the Lease.
 */
class KubernetesLeaderElectionTest {

  private static final String LEASE = "acr-cmk-operator-test";
  private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

  /** Covers several check intervals of the leader, so a standby write would show. */
  private static final Duration OBSERVED = Duration.ofSeconds(3);

  private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final List<HealAction> REASSIGN = List.of(HealAction.ReassignIdentity);

  private KubeFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  /**
   * Stops the leader without releasing the Lease, as a crashed replica would, so the standby takes
   * over only once the Lease expires.
   */
  @Test
  void standbyTakesOverFromStoppedLeader() {
    fixture = KubeFixture.start(3);
    List<CmkSetup> setups = fixture.setups;
    fixture
        .azure
        .mutations()
        .detachIdentity(setups.get(0).registryId(), setups.get(0).identityId());
    PolicyOperator first = replica("replica-a");
    first.start();
    await().atMost(KubeFixture.WAIT).until(first::isLeader);
    PolicyOperator second = replica("replica-b");
    second.start();
    for (int i = 0; i < setups.size(); i++) {
      fixture.create("policy-" + i, setups.get(i), HealingMode.Enabled, REASSIGN);
    }

    awaitAllHealthy();
    await()
        .during(OBSERVED)
        .atMost(OBSERVED.plusSeconds(2))
        .untilAsserted(
            () -> {
              assertThat(second.isLeader()).isFalse();
              assertThat(writesBy("replica-b")).as("writes of the standby").isEmpty();
              assertThat(azureWrites()).as("repairs").hasSize(1);
            });
    assertThat(writesBy("replica-a")).as("status patches of the leader").isNotEmpty();

    first.close();
    fixture
        .azure
        .mutations()
        .detachIdentity(setups.get(1).registryId(), setups.get(1).identityId());
    fixture.changeKeyExpiryWarning("policy-2", "48h");

    await().atMost(KubeFixture.WAIT).until(second::isLeader);
    // The Lease expires seconds after the stop, so no write of the stopped replica is in flight.
    fixture.kubernetes.clearRequests();
    await()
        .atMost(KubeFixture.WAIT)
        .untilAsserted(
            () ->
                assertThat(statusPatchedPolicies("replica-b"))
                    .as("policies whose status the new leader wrote")
                    .containsExactlyInAnyOrder("policy-0", "policy-1", "policy-2"));
    awaitAllHealthy();
    assertThat(azureWrites())
        .as("one repair for each detached identity")
        .extracting(RecordedRequest::path)
        .containsExactly(setups.get(0).registryId(), setups.get(1).registryId());
    assertThat(writesBy("replica-a")).as("writes of the stopped replica").isEmpty();
    assertThat(fixture.acceptedStatusPatchesByClient()).containsOnlyKeys("replica-b");
    Lease lease = fixture.client.leases().inNamespace(KubeFixture.NAMESPACE).withName(LEASE).get();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-b");
    assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(2);
  }

  @Test
  void unworkableLeaseTimesAreRejected() {
    LeaderElectionSettings lease =
        new LeaderElectionSettings(LEASE, KubeFixture.NAMESPACE, "replica-a", false);
    Duration second = Duration.ofSeconds(1);

    assertThatThrownBy(() -> lease.withTimes(Duration.ofMillis(1500), second, second.dividedBy(4)))
        .hasMessageContaining("leaseDuration must be a whole number of seconds");
    assertThatThrownBy(() -> lease.withTimes(second, second, second.dividedBy(4)))
        .hasMessageContaining("renewDeadline (PT1S) must be shorter than leaseDuration (PT1S)");
    assertThatThrownBy(() -> lease.withTimes(second.multipliedBy(2), second, second))
        .hasMessageContaining("renewDeadline (PT1S) must exceed 1.2 times retryPeriod (PT1S)");
    assertThatThrownBy(() -> lease.withTimes(second.multipliedBy(2), second, Duration.ZERO))
        .hasMessageContaining("retryPeriod must be positive");
    assertThat(lease.leaseDuration()).isEqualTo(LeaderElectionSettings.DEFAULT_LEASE_DURATION);
  }

  private PolicyOperator replica(String identity) {
    LeaderElectionSettings lease =
        new LeaderElectionSettings(LEASE, KubeFixture.NAMESPACE, identity, false)
            .withTimes(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(250));
    return fixture.operator(identity, lease, true, CHECK_INTERVAL);
  }

  private void awaitAllHealthy() {
    for (int i = 0; i < fixture.setups.size(); i++) {
      fixture.awaitHealthy("policy-" + i);
    }
  }

  /** Returns the names of the policies whose status a replica patched, as the server accepted. */
  private Set<String> statusPatchedPolicies(String replica) {
    Pattern statusOfAnyPolicy = Pattern.compile(KubeFixture.statusPath("([^/]+)"));
    return fixture.kubernetes.requests().stream()
        .filter(request -> replica.equals(request.userAgent()))
        .filter(request -> "PATCH".equals(request.method()) && request.status() < 300)
        .map(request -> statusOfAnyPolicy.matcher(request.path()))
        .filter(Matcher::matches)
        .map(matcher -> matcher.group(1))
        .collect(Collectors.toSet());
  }

  /** Returns the policy status and event writes that a replica's client sent. */
  private List<ApiRequest> writesBy(String replica) {
    return fixture.kubernetes.requests().stream()
        .filter(request -> replica.equals(request.userAgent()))
        .filter(request -> WRITE_METHODS.contains(request.method()))
        .filter(
            request ->
                request.path().contains("/registryencryptionpolicies/")
                    || request.path().contains("/events"))
        .toList();
  }

  /** Returns the writes that reached Azure, leaving out token requests. */
  private List<RecordedRequest> azureWrites() {
    return fixture
        .azure
        .requestLog()
        .matching(
            request ->
                WRITE_METHODS.contains(request.method())
                    && !request.operation().startsWith("token"));
  }
}
