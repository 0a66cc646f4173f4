package io.acrcmk.operator.heal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.api.HealAttempt;
import io.acrcmk.operator.api.HealDecision;
import io.acrcmk.operator.api.HealOutcome;
import io.acrcmk.operator.api.HealingMode;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.api.RegistryEncryptionPolicyStatus;
import io.acrcmk.operator.azure.AzureHealer;
import io.acrcmk.operator.azure.AzureRetryOptions;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.azure.ResourceId;
import io.acrcmk.operator.controller.LeaderElectionSettings;
import io.acrcmk.operator.controller.OperatorSettings;
import io.acrcmk.operator.controller.PolicyOperator;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.Fault;
import io.acrcmk.operator.sandbox.FaultRule;
import io.acrcmk.operator.sandbox.RecordedRequest;
import io.acrcmk.operator.sandbox.StateCheckpoint;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole operator, JOSDK runtime included, against the embedded Kubernetes API and the
 * Azure simulator, and checks healing end to end: status, events and the requests Azure receives.
 */
class HealingOperatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> WRITE_METHODS = Set.of("PUT", "PATCH", "POST", "DELETE");
  private static final Duration CHECK_INTERVAL = Duration.ofMillis(300);
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final String LEASE = "acr-cmk-operator-test";
  private static final AzureRetryOptions RETRIES =
      new AzureRetryOptions(1, Duration.ofMillis(10), Duration.ofSeconds(1));

  private static AzureSimulator simulator;
  private static EmbeddedKubernetes kubernetes;
  private static CmkSetup setup;
  private static StateCheckpoint seeded;

  private final List<HealOutcome> reported = new CopyOnWriteArrayList<>();
  private PolicyOperator operator;

  @BeforeAll
  static void start() {
    simulator = AzureSimulator.start();
    kubernetes = EmbeddedKubernetes.start();
    setup = simulator.seedHealthy();
    seeded = simulator.checkpoint();
  }

  @AfterAll
  static void stop() {
    kubernetes.close();
    simulator.close();
  }

  @BeforeEach
  void reset() {
    simulator.restore(seeded);
    simulator.faults().clear();
    simulator.clearRequests();
    simulator.resetRateLimits();
  }

  @AfterEach
  void stopOperator() {
    if (operator != null) {
      operator.close();
    }
    kubernetes.client().resources(RegistryEncryptionPolicy.class).inAnyNamespace().delete();
    kubernetes.client().leases().inNamespace(TestPolicies.NAMESPACE).withName(LEASE).delete();
  }

  @Test
  void enabledPolicyReattachesDetachedIdentity() throws Exception {
    simulator.mutations().detachIdentity(setup.registryId(), setup.identityId());
    startOperator(null);

    RegistryEncryptionPolicy policy =
        create(
            TestPolicies.policy(setup, HealingMode.Enabled, List.of(HealAction.ReassignIdentity)));

    RegistryEncryptionPolicyStatus status = awaitStatus(policy, s -> !attempts(s).isEmpty());
    HealAttempt attempt = attempts(status).get(0);
    assertThat(attempt.getOutcome()).isEqualTo(HealOutcome.Succeeded);
    assertThat(attempt.getRequestId()).isNotBlank();
    assertThat(condition(status, ConditionTypes.IDENTITY_HEALTHY).getStatus()).isEqualTo("True");
    assertThat(condition(status, ConditionTypes.READY).getStatus()).isEqualTo("True");
    RecordedRequest patch = writes().get(0);
    assertThat(writes()).hasSize(1);
    assertThat(patch.operation()).isEqualTo("registries.update");
    String identity = ResourceId.parse(setup.identityId(), ResourceId.IDENTITY_TYPE).toString();
    assertThat(JSON.readTree(patch.body()))
        .isEqualTo(
            JSON.readTree(
                "{\"identity\":{\"type\":\"UserAssigned\",\"userAssignedIdentities\":{\""
                    + identity
                    + "\":{}}}}"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(events(policy, "Normal", Reason.IdentityNotAssigned))
                    .anySatisfy(
                        event ->
                            assertThat(event.getMessage())
                                .startsWith("ran ReassignIdentity on registry acrcmkdemo")));
    assertThat(reported).containsExactly(HealOutcome.Succeeded);
  }

  @Test
  void dryRunPolicyPlansWithoutWriting() {
    simulator.mutations().detachIdentity(setup.registryId(), setup.identityId());
    startOperator(null);

    RegistryEncryptionPolicy policy =
        create(
            TestPolicies.policy(setup, HealingMode.DryRun, List.of(HealAction.ReassignIdentity)));

    RegistryEncryptionPolicyStatus status =
        awaitStatus(policy, s -> s.getHealing() != null && !s.getHealing().getPlan().isEmpty());
    assertThat(status.getHealing().getPlan().get(0).getDecision()).isEqualTo(HealDecision.WouldRun);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(() -> assertThat(writes()).isEmpty());
    assertThat(condition(current(policy), ConditionTypes.IDENTITY_HEALTHY).getStatus())
        .isEqualTo("False");
    assertThat(events(policy, "Normal", Reason.IdentityNotAssigned))
        .singleElement()
        .satisfies(
            event ->
                assertThat(event.getMessage())
                    .startsWith("would run ReassignIdentity on registry acrcmkdemo"));
    assertThat(reported).isEmpty();
  }

  @Test
  void failedRepairIsNotRetriedOnEveryReconcile() {
    simulator.mutations().detachIdentity(setup.registryId(), setup.identityId());
    simulator
        .faults()
        .inject(FaultRule.forOperation("registries.update", Fault.authorizationFailed()));
    startOperator(null);

    RegistryEncryptionPolicy policy =
        create(
            TestPolicies.policy(setup, HealingMode.Enabled, List.of(HealAction.ReassignIdentity)));

    RegistryEncryptionPolicyStatus status = awaitStatus(policy, s -> !attempts(s).isEmpty());
    assertThat(attempts(status).get(0).getOutcome()).isEqualTo(HealOutcome.Failed);
    assertThat(attempts(status).get(0).getErrorCode()).isEqualTo("AuthorizationFailed");
    long checksBefore = simulator.requestLog().count("registries.get");
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(() -> assertThat(writes()).hasSize(1));
    assertThat(simulator.requestLog().count("registries.get"))
        .as("the policy kept being checked")
        .isGreaterThan(checksBefore + 3);
    RegistryEncryptionPolicyStatus later = current(policy);
    assertThat(attempts(later)).hasSize(1);
    assertThat(later.getHealing().getPlan().get(0).getDecision())
        .isEqualTo(HealDecision.CoolingDown);
    assertThat(condition(later, ConditionTypes.IDENTITY_HEALTHY).getMessage())
        .contains("with AuthorizationFailed");
    assertThat(events(policy, "Warning", Reason.IdentityNotAssigned))
        .filteredOn(event -> event.getMessage().startsWith("ReassignIdentity on registry"))
        .singleElement()
        .satisfies(
            event -> assertThat(event.getMessage()).contains("HTTP 403 (AuthorizationFailed)"));
    assertThat(reported).containsExactly(HealOutcome.Failed);
  }

  @Test
  void standbyReplicaNeverHeals() {
    simulator.mutations().detachIdentity(setup.registryId(), setup.identityId());
    ZonedDateTime now = ZonedDateTime.now();
    Lease held =
        new LeaseBuilder()
            .withNewMetadata()
            .withName(LEASE)
            .withNamespace(TestPolicies.NAMESPACE)
            .endMetadata()
            .withNewSpec()
            .withHolderIdentity("other-replica")
            .withLeaseDurationSeconds(300)
            .withAcquireTime(now)
            .withRenewTime(now)
            .withLeaseTransitions(0)
            .endSpec()
            .build();
    kubernetes.client().resource(held).create();
    startOperator(new LeaderElectionSettings(LEASE, TestPolicies.NAMESPACE, "this-replica", false));

    RegistryEncryptionPolicy policy =
        create(
            TestPolicies.policy(setup, HealingMode.Enabled, List.of(HealAction.ReassignIdentity)));

    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(4))
        .untilAsserted(
            () -> {
              assertThat(writes()).isEmpty();
              assertThat(current(policy).getLastCheckTime()).as("status written").isNull();
            });

    kubernetes.client().leases().inNamespace(TestPolicies.NAMESPACE).withName(LEASE).delete();

    RegistryEncryptionPolicyStatus status = awaitStatus(policy, s -> !attempts(s).isEmpty());
    assertThat(attempts(status).get(0).getOutcome()).isEqualTo(HealOutcome.Succeeded);
    assertThat(writes()).hasSize(1);
  }

  @Test
  void observeOnlyOperatorIgnoresEnabledPolicy() {
    simulator.mutations().detachIdentity(setup.registryId(), setup.identityId());
    operator =
        PolicyOperator.create(
            kubernetes.client(),
            new AzureSnapshotLoader(simulator.connection(), RETRIES, Clock.systemUTC()),
            OperatorSettings.defaults().withCheckIntervalOverride(CHECK_INTERVAL),
            null,
            Clock.systemUTC());
    operator.start();

    RegistryEncryptionPolicy policy =
        create(
            TestPolicies.policy(setup, HealingMode.Enabled, List.of(HealAction.ReassignIdentity)));

    RegistryEncryptionPolicyStatus status = awaitStatus(policy, s -> !s.getConditions().isEmpty());
    assertThat(condition(status, ConditionTypes.IDENTITY_HEALTHY).getStatus()).isEqualTo("False");
    assertThat(status.getHealing()).isNull();
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(writes()).isEmpty());
  }

  private void startOperator(LeaderElectionSettings leaderElection) {
    AzureSnapshotLoader loader =
        new AzureSnapshotLoader(simulator.connection(), RETRIES, Clock.systemUTC());
    HealingOptions healing =
        new HealingOptions(
            AzureHealer.sharing(loader),
            HealingOptions.DEFAULT_COOLDOWN,
            (action, outcome) -> reported.add(outcome));
    operator =
        PolicyOperator.create(
            kubernetes.client(),
            loader,
            healing,
            OperatorSettings.defaults().withCheckIntervalOverride(CHECK_INTERVAL),
            leaderElection,
            Clock.systemUTC());
    operator.start();
  }

  private static RegistryEncryptionPolicy create(RegistryEncryptionPolicy policy) {
    return kubernetes.client().resource(policy).create();
  }

  private static RegistryEncryptionPolicyStatus current(RegistryEncryptionPolicy policy) {
    RegistryEncryptionPolicy stored =
        kubernetes
            .client()
            .resources(RegistryEncryptionPolicy.class)
            .inNamespace(policy.getMetadata().getNamespace())
            .withName(policy.getMetadata().getName())
            .get();
    return stored == null ? null : stored.getStatus();
  }

  private static RegistryEncryptionPolicyStatus awaitStatus(
      RegistryEncryptionPolicy policy,
      java.util.function.Predicate<RegistryEncryptionPolicyStatus> condition) {
    return await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> current(policy), status -> status != null && condition.test(status));
  }

  private static List<HealAttempt> attempts(RegistryEncryptionPolicyStatus status) {
    return status.getHealing() == null ? List.of() : status.getHealing().getAttempts();
  }

  private static Condition condition(RegistryEncryptionPolicyStatus status, String type) {
    return status.getConditions().stream()
        .filter(condition -> condition.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }

  /** Returns every write to an Azure resource, leaving out token requests. */
  private static List<RecordedRequest> writes() {
    return simulator
        .requestLog()
        .matching(
            request ->
                WRITE_METHODS.contains(request.method())
                    && !request.operation().startsWith("token"));
  }

  private static List<Event> events(RegistryEncryptionPolicy policy, String type, Reason reason) {
    return kubernetes
        .client()
        .v1()
        .events()
        .inNamespace(TestPolicies.NAMESPACE)
        .list()
        .getItems()
        .stream()
        .filter(event -> policy.getMetadata().getName().equals(event.getInvolvedObject().getName()))
        .filter(event -> type.equals(event.getType()))
        .filter(event -> reason.name().equals(event.getReason()))
        .toList();
  }
}
