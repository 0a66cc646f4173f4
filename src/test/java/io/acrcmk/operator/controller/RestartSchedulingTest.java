package io.acrcmk.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.acrcmk.operator.api.IdentityReference;
import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.api.KeyReference;
import io.acrcmk.operator.api.KeyVaultReference;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.api.RegistryEncryptionPolicySpec;
import io.acrcmk.operator.api.RegistryEncryptionPolicyStatus;
import io.acrcmk.operator.api.RegistryReference;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.check.HealthChecks;
import io.acrcmk.operator.event.PolicyEventRecorder;
import io.acrcmk.operator.heal.HealStep;
import io.acrcmk.operator.heal.HealingOptions;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.Fault;
import io.acrcmk.operator.sandbox.FaultRule;
import io.acrcmk.operator.sandbox.HealthySetup;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes;
import io.acrcmk.operator.testing.ManualClock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks when policies are checked after an operator restart and how they are rescheduled: the
 * operator in the real java-operator-sdk runtime against fabric8's CRUD mock API server, and the
 * reconciler called by hand where the exact delay matters.
 */
class RestartSchedulingTest {

  private static final String NAMESPACE = "platform";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration INTERVAL = Duration.ofMinutes(5);

  private static AzureSimulator azure;
  private static EmbeddedKubernetes kubernetes;
  private static KubernetesClient client;
  private static CmkSetup setup;

  private PolicyOperator operator;

  @BeforeAll
  static void startServers() {
    azure = AzureSimulator.start();
    kubernetes = EmbeddedKubernetes.start();
    client = kubernetes.client();
    setup = HealthySetup.builder().seed(azure);
  }

  @AfterAll
  static void stopServers() {
    kubernetes.close();
    azure.close();
  }

  @BeforeEach
  void clearRequests() {
    azure.clearRequests();
  }

  @AfterEach
  void stopOperator() {
    if (operator != null) {
      operator.close();
    }
    client.resources(RegistryEncryptionPolicy.class).inAnyNamespace().delete();
  }

  @Test
  void restartDefersRecentlyCheckedPolicy() {
    startOperator(null);
    client.resource(policy("steady", spec())).create();
    String checkedBefore = awaitChecked("steady").getLastCheckTime();
    restartOperator(null);

    client.resource(policy("added", spec())).create();

    awaitChecked("added");
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () -> {
              assertThat(status("steady").getLastCheckTime()).isEqualTo(checkedBefore);
              assertThat(azure.requestLog().count("registries.get"))
                  .as("registry reads after the restart")
                  .isEqualTo(1);
            });
  }

  @Test
  void restartChecksStalePolicyAtOnce() {
    startOperator(null);
    client.resource(policy("stale", spec())).create();
    awaitChecked("stale");
    operator.close();
    String longAgo =
        Instant.now().minus(Duration.ofMinutes(6)).truncatedTo(ChronoUnit.SECONDS).toString();
    client
        .resources(RegistryEncryptionPolicy.class)
        .inNamespace(NAMESPACE)
        .withName("stale")
        .editStatus(
            stored -> {
              stored.getStatus().setLastCheckTime(longAgo);
              return stored;
            });

    startOperator(null);

    await().atMost(WAIT).until(() -> !longAgo.equals(status("stale").getLastCheckTime()));
  }

  @Test
  void restartChecksChangedSpecAtOnce() {
    startOperator(null);
    client.resource(policy("edited", spec())).create();
    awaitChecked("edited");
    operator.close();
    RegistryEncryptionPolicy edited = get("edited");
    edited.getSpec().setKeyExpiryWarning("48h");
    client.resource(edited).update();

    startOperator(null);

    await()
        .atMost(WAIT)
        .until(() -> Long.valueOf(2L).equals(status("edited").getObservedGeneration()));
  }

  @Test
  void deferredPolicyIsCheckedWhenDue() {
    Duration interval = Duration.ofSeconds(3);
    startOperator(interval);
    client.resource(policy("due", spec())).create();
    String checkedBefore = awaitChecked("due").getLastCheckTime();
    restartOperator(interval);

    await().atMost(WAIT).until(() -> !checkedBefore.equals(status("due").getLastCheckTime()));
  }

  @Test
  void invalidSpecIsNotRescheduled() {
    startOperator(Duration.ofSeconds(1));
    RegistryEncryptionPolicySpec spec = spec();
    spec.setCheckInterval("10s");
    client.resource(policy("invalid", spec)).create();

    String rejectedAt = awaitChecked("invalid").getLastCheckTime();

    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(4))
        .untilAsserted(
            () -> assertThat(status("invalid").getLastCheckTime()).isEqualTo(rejectedAt));
  }

  @Test
  void reconcileReschedulesAfterIntervalAndOffset() {
    ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    RegistryEncryptionPolicyReconciler reconciler = reconciler(clock);
    RegistryEncryptionPolicy first = policy("first", spec());
    first.getMetadata().setUid(UUID.randomUUID().toString());
    RegistryEncryptionPolicy second = policy("second", spec());
    second.getMetadata().setUid(UUID.randomUUID().toString());

    long firstDelay = reconciler.reconcile(first, null).getScheduleDelay().orElseThrow();
    long secondDelay = reconciler.reconcile(second, null).getScheduleDelay().orElseThrow();
    long againDelay = reconciler(clock).reconcile(first, null).getScheduleDelay().orElseThrow();

    assertThat(firstDelay)
        .isEqualTo(
            INTERVAL.plus(CheckSchedule.jitter(first.getMetadata().getUid(), INTERVAL)).toMillis());
    assertThat(firstDelay).isBetween(270_000L, 330_000L);
    assertThat(secondDelay).isBetween(270_000L, 330_000L);
    assertThat(secondDelay).isNotEqualTo(firstDelay);
    assertThat(againDelay).as("the same policy in another operator instance").isEqualTo(firstDelay);
  }

  @Test
  void reconcileDefersUntilEarlierInstanceDue() {
    ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    RegistryEncryptionPolicy policy = policy("steady", spec());
    policy.getMetadata().setUid(UUID.randomUUID().toString());
    policy.getMetadata().setGeneration(1L);
    checkAndStore(reconciler(clock), policy);
    Instant lastCheck = Instant.parse(policy.getStatus().getLastCheckTime());
    clock.set(clock.instant().plus(Duration.ofMinutes(1)));
    azure.clearRequests();
    RegistryEncryptionPolicyReconciler restarted = reconciler(clock);

    UpdateControl<RegistryEncryptionPolicy> deferred = restarted.reconcile(policy, null);

    Instant due =
        lastCheck
            .plus(INTERVAL)
            .plus(CheckSchedule.jitter(policy.getMetadata().getUid(), INTERVAL));
    assertThat(deferred.isNoUpdate()).isTrue();
    assertThat(deferred.getScheduleDelay())
        .contains(Duration.between(clock.instant(), due).toMillis());
    assertThat(azure.requests()).isEmpty();

    clock.set(due);
    UpdateControl<RegistryEncryptionPolicy> checked = restarted.reconcile(policy, null);

    assertThat(checked.isPatchStatus()).isTrue();
    assertThat(azure.requestLog().count("registries.get")).isEqualTo(1);
  }

  @Test
  void outageBacksOffUntilRecovered() {
    ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    RegistryEncryptionPolicyReconciler reconciler = reconciler(clock);
    RegistryEncryptionPolicy policy = policy("outage", spec());
    String uid = UUID.randomUUID().toString();
    policy.getMetadata().setUid(uid);
    azure.faults().inject(FaultRule.forOperation("vaults.get", Fault.serviceUnavailable(null)));
    List<Long> delays = new ArrayList<>();
    try {
      for (int check = 0; check < 4; check++) {
        UpdateControl<RegistryEncryptionPolicy> control = reconciler.reconcile(policy, null);
        policy.setStatus(control.getResource().orElseThrow().getStatus());
        long delay = control.getScheduleDelay().orElseThrow();
        delays.add(delay);
        clock.set(clock.instant().plusMillis(delay));
      }
    } finally {
      azure.faults().clear();
    }
    UpdateControl<RegistryEncryptionPolicy> recovered = reconciler.reconcile(policy, null);

    // Each delay is the time the vault has been Unknown, at least 30 s, plus the policy's offset.
    Duration first = RecheckDelay.MIN_RETRY.plus(CheckSchedule.jitter(uid, RecheckDelay.MIN_RETRY));
    assertThat(delays.get(0)).isEqualTo(first.toMillis());
    assertThat(delays.get(1)).isGreaterThanOrEqualTo(first.toMillis());
    assertThat(delays.get(2)).isGreaterThan(delays.get(1));
    assertThat(delays.get(3)).isGreaterThan(delays.get(2));
    assertThat(delays.get(3)).isLessThanOrEqualTo(330_000L);
    assertThat(recovered.getScheduleDelay())
        .contains(INTERVAL.plus(CheckSchedule.jitter(uid, INTERVAL)).toMillis());
  }

  @Test
  void reconcileOfInvalidSpecHasNoReschedule() {
    RegistryEncryptionPolicySpec spec = spec();
    spec.setCheckInterval("10s");

    UpdateControl<RegistryEncryptionPolicy> rejected =
        reconciler(Clock.systemUTC()).reconcile(policy("invalid", spec), null);

    assertThat(rejected.isPatchStatus()).isTrue();
    assertThat(rejected.getScheduleDelay()).isEmpty();
  }

  private void startOperator(Duration intervalOverride) {
    operator =
        PolicyOperator.create(
            client,
            new AzureSnapshotLoader(azure.connection(Duration.ofSeconds(5))),
            OperatorSettings.defaults().withCheckIntervalOverride(intervalOverride),
            null,
            Clock.systemUTC());
    operator.start();
  }

  /**
   * Stops the operator and starts a new one in a later second, as a restart does, with the Azure
   * request log cleared in between.
   */
  private void restartOperator(Duration intervalOverride) {
    operator.close();
    // Status times have whole seconds, and a check in the second the operator started counts as
    // its own.
    sleep(Duration.ofMillis(1100));
    azure.clearRequests();
    startOperator(intervalOverride);
  }

  private RegistryEncryptionPolicyReconciler reconciler(Clock clock) {
    AzureSnapshotLoader loader = new AzureSnapshotLoader(azure.connection(Duration.ofSeconds(5)));
    PolicyEventRecorder recorder = new PolicyEventRecorder(client, clock, Duration.ofMinutes(10));
    HealthChecks checks = new HealthChecks();
    return new RegistryEncryptionPolicyReconciler(
        loader,
        checks,
        new ConditionEvents(recorder),
        clock,
        OperatorSettings.defaults(),
        new HealStep(loader, checks, HealingOptions.observeOnly(), recorder, clock));
  }

  /** Runs one reconcile and stores the status it patches, as the API server would. */
  private static void checkAndStore(
      RegistryEncryptionPolicyReconciler reconciler, RegistryEncryptionPolicy policy) {
    policy.setStatus(reconciler.reconcile(policy, null).getResource().orElseThrow().getStatus());
  }

  private static RegistryEncryptionPolicySpec spec() {
    RegistryEncryptionPolicySpec spec = new RegistryEncryptionPolicySpec();
    spec.setRegistry(new RegistryReference(setup.registryId()));
    spec.setKeyVault(new KeyVaultReference(setup.vaultId()));
    spec.setKey(new KeyReference(setup.keyName(), null));
    spec.setIdentity(new IdentityReference(IdentityType.UserAssigned, setup.identityId()));
    return spec;
  }

  private static RegistryEncryptionPolicy policy(String name, RegistryEncryptionPolicySpec spec) {
    RegistryEncryptionPolicy policy = new RegistryEncryptionPolicy();
    policy.getMetadata().setName(name);
    policy.getMetadata().setNamespace(NAMESPACE);
    policy.setSpec(spec);
    return policy;
  }

  private RegistryEncryptionPolicy get(String name) {
    return client
        .resources(RegistryEncryptionPolicy.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .get();
  }

  private RegistryEncryptionPolicyStatus status(String name) {
    RegistryEncryptionPolicy policy = get(name);
    return policy == null ? null : policy.getStatus();
  }

  private RegistryEncryptionPolicyStatus awaitChecked(String name) {
    return await()
        .atMost(WAIT)
        .until(() -> status(name), status -> status != null && status.getLastCheckTime() != null);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
