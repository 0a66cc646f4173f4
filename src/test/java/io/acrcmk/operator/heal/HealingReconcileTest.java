package io.acrcmk.operator.heal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.api.HealAttempt;
import io.acrcmk.operator.api.HealDecision;
import io.acrcmk.operator.api.HealOutcome;
import io.acrcmk.operator.api.HealingMode;
import io.acrcmk.operator.api.HealingStatus;
import io.acrcmk.operator.api.PlannedHeal;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.api.RegistryEncryptionPolicyStatus;
import io.acrcmk.operator.azure.AzureHealer;
import io.acrcmk.operator.azure.AzureRetryOptions;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.azure.ResourceId;
import io.acrcmk.operator.azure.SnapshotSource;
import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.check.HealthChecks;
import io.acrcmk.operator.controller.ConditionEvents;
import io.acrcmk.operator.controller.OperatorSettings;
import io.acrcmk.operator.controller.RegistryEncryptionPolicyReconciler;
import io.acrcmk.operator.event.PolicyEventRecorder;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.Fault;
import io.acrcmk.operator.sandbox.FaultRule;
import io.acrcmk.operator.sandbox.HealthySetup;
import io.acrcmk.operator.sandbox.RecordedRequest;
import io.acrcmk.operator.sandbox.SimulatorState;
import io.acrcmk.operator.sandbox.StateCheckpoint;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes;
import io.acrcmk.operator.testing.ManualClock;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Drives the reconciler by hand, one reconcile per call, against the Azure simulator, and checks
 * for each heal action what reaches Azure, what status contains and which events are written.
 */
class HealingReconcileTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> WRITE_METHODS = Set.of("PUT", "PATCH", "POST", "DELETE");
  private static final Duration COOLDOWN = Duration.ofMinutes(10);
  private static final AzureRetryOptions RETRIES =
      new AzureRetryOptions(2, Duration.ofMillis(10), Duration.ofSeconds(2));

  private static AzureSimulator simulator;
  private static EmbeddedKubernetes kubernetes;
  private static CmkSetup user;
  private static CmkSetup system;
  private static StateCheckpoint seeded;

  private ManualClock clock;
  private List<HealOutcome> reported;
  private RegistryEncryptionPolicyReconciler reconciler;

  /** One heal action: the fault it repairs and what the repair sends. */
  enum Action {
    REASSIGN_IDENTITY(
        HealAction.ReassignIdentity,
        ConditionTypes.IDENTITY_HEALTHY,
        Reason.IdentityNotAssigned,
        "registries.update",
        "registries.get") {
      @Override
      CmkSetup setup() {
        return user;
      }

      @Override
      void inject() {
        simulator.mutations().detachIdentity(user.registryId(), user.identityId());
      }

      @Override
      JsonNode expectedBody() {
        String identity = ResourceId.parse(user.identityId(), ResourceId.IDENTITY_TYPE).toString();
        ObjectNode body = JSON.createObjectNode();
        ObjectNode block = body.putObject("identity");
        block.put("type", "UserAssigned");
        block.putObject("userAssignedIdentities").putObject(identity);
        return body;
      }
    },
    ENABLE_TRUSTED_SERVICES_BYPASS(
        HealAction.EnableTrustedServicesBypass,
        ConditionTypes.KEY_VAULT_ACCESSIBLE,
        Reason.TrustedServicesBypassDisabled,
        "vaults.update",
        "vaults.get") {
      @Override
      CmkSetup setup() {
        return system;
      }

      @Override
      void inject() {
        simulator.mutations().setNetworkAcls(system.vaultId(), "Deny", "None");
        simulator
            .mutations()
            .updateVault(
                system.vaultId(),
                vault -> {
                  vault.putObject("tags").put("owner", "platform");
                  ((ObjectNode) vault.at("/properties/networkAcls"))
                      .putArray("ipRules")
                      .addObject()
                      .put("value", "203.0.113.0/24");
                });
      }

      @Override
      JsonNode expectedBody() {
        ObjectNode acls = vaultAcls(system).deepCopy();
        acls.put("bypass", "AzureServices");
        ObjectNode body = JSON.createObjectNode();
        body.putObject("properties").set("networkAcls", acls);
        return body;
      }
    },
    ROTATE_TO_LATEST_KEY_VERSION(
        HealAction.RotateToLatestKeyVersion,
        ConditionTypes.KEY_ROTATION_CURRENT,
        Reason.KeyVersionBehind,
        "registries.update",
        "keys.listVersions") {
      @Override
      CmkSetup setup() {
        return user;
      }

      @Override
      void inject() {
        String old = user.vaultUri() + "keys/" + user.keyName() + "/" + user.keyVersions().get(0);
        simulator
            .mutations()
            .updateRegistry(
                user.registryId(),
                registry ->
                    ((ObjectNode) registry.at("/properties/encryption/keyVaultProperties"))
                        .put("keyIdentifier", old)
                        .put("versionedKeyIdentifier", old)
                        .put("keyRotationEnabled", false));
      }

      @Override
      JsonNode expectedBody() {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode encryption = body.putObject("properties").putObject("encryption");
        encryption.put("status", "enabled");
        encryption
            .putObject("keyVaultProperties")
            .put("keyIdentifier", user.vaultUri() + "keys/" + user.keyName())
            .put("identity", user.clientId());
        return body;
      }
    },
    RECOVER_DELETED_KEY(
        HealAction.RecoverDeletedKey,
        ConditionTypes.KEY_USABLE,
        Reason.KeySoftDeleted,
        "dataplane.deletedKeys.recover",
        "keys.get") {
      @Override
      CmkSetup setup() {
        return user;
      }

      @Override
      void inject() {
        simulator.mutations().keys().softDelete(user.vaultName(), user.keyName());
      }

      @Override
      JsonNode expectedBody() {
        return null;
      }
    };

    final HealAction action;
    final String conditionType;
    final Reason reason;
    final String writeOperation;
    final String read;

    Action(
        HealAction action,
        String conditionType,
        Reason reason,
        String writeOperation,
        String read) {
      this.action = action;
      this.conditionType = conditionType;
      this.reason = reason;
      this.writeOperation = writeOperation;
      this.read = read;
    }

    abstract CmkSetup setup();

    /** Introduces the fault the action repairs. */
    abstract void inject();

    /** Returns the request body the repair must send, or null for a request without one. */
    abstract JsonNode expectedBody();

    boolean dataPlane() {
      return writeOperation.startsWith("dataplane.");
    }

    /** Returns the fault the write gets for {@code status}, in the shape its service uses. */
    Fault.ErrorStatus writeFault(int status) {
      return switch (status) {
        case 403 ->
            dataPlane()
                ? Fault.keyVaultForbidden(
                    "ForbiddenByPolicy",
                    "The user, group or application does not have keys recover permission.")
                : Fault.authorizationFailed();
        case 409 ->
            Fault.error(409, "Conflict", "The resource is being changed by another operation.");
        default -> Fault.internalServerError();
      };
    }
  }

  @BeforeAll
  static void start() {
    simulator = AzureSimulator.start();
    kubernetes = EmbeddedKubernetes.start();
    user = simulator.seedHealthy();
    system =
        HealthySetup.builder()
            .registryName("acrsystem")
            .vaultName("kv-acr-system")
            .systemAssignedIdentity()
            .seed(simulator);
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
    clock = new ManualClock(Instant.now());
    reported = new ArrayList<>();
    AzureSnapshotLoader loader = new AzureSnapshotLoader(simulator.connection(), RETRIES, clock);
    PolicyEventRecorder recorder =
        new PolicyEventRecorder(kubernetes.client(), clock, Duration.ofMinutes(10));
    HealthChecks checks = new HealthChecks();
    HealingOptions options =
        new HealingOptions(
            AzureHealer.sharing(loader), COOLDOWN, (action, outcome) -> reported.add(outcome));
    reconciler =
        new RegistryEncryptionPolicyReconciler(
            loader,
            checks,
            new ConditionEvents(recorder),
            clock,
            OperatorSettings.defaults(),
            new HealStep(loader, checks, options, recorder, clock));
  }

  @ParameterizedTest
  @EnumSource(Action.class)
  void dryRunReportsPlanWithoutWriting(Action action) {
    RegistryEncryptionPolicy policy = policy(action, HealingMode.DryRun, List.of(action.action));
    action.inject();

    RegistryEncryptionPolicyStatus status = reconcile(policy);

    assertThat(writes()).isEmpty();
    assertThat(condition(status, action.conditionType).getStatus()).isEqualTo("False");
    assertThat(condition(status, action.conditionType).getMessage())
        .contains("DryRun mode and would run " + action.action);
    PlannedHeal planned = onlyPlanned(status);
    assertThat(planned.getAction()).isEqualTo(action.action);
    assertThat(planned.getDecision()).isEqualTo(HealDecision.WouldRun);
    assertThat(planned.getReason()).isEqualTo(action.reason.name());
    assertThat(status.getHealing().getAttempts()).isEmpty();
    assertThat(events(policy, "Normal", action.reason))
        .singleElement()
        .satisfies(
            event -> assertThat(event.getMessage()).startsWith("would run " + action.action));
    assertThat(reported).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Action.class)
  void enabledRepairsWithinSameReconcile(Action action) throws Exception {
    RegistryEncryptionPolicy policy = policy(action, HealingMode.Enabled, List.of(action.action));
    action.inject();
    JsonNode expected = action.expectedBody();

    RegistryEncryptionPolicyStatus status = reconcile(policy);

    RecordedRequest write = onlyWrite(action.writeOperation);
    if (expected == null) {
      assertThat(write.body()).isEmpty();
    } else {
      assertThat(JSON.readTree(write.body())).isEqualTo(expected);
    }
    assertThat(writes()).hasSize(1);
    assertThat(simulator.requestLog().count("registries.create")).isZero();
    assertThat(simulator.requestLog().count("vaults.createOrUpdate")).isZero();
    Condition repaired = condition(status, action.conditionType);
    assertThat(repaired.getStatus()).isEqualTo("True");
    assertThat(repaired.getMessage()).contains("repaired by " + action.action + " at ");
    assertThat(condition(status, ConditionTypes.READY).getStatus()).isEqualTo("True");
    HealAttempt attempt = onlyAttempt(status);
    assertThat(attempt.getAction()).isEqualTo(action.action);
    assertThat(attempt.getOutcome()).isEqualTo(HealOutcome.Succeeded);
    assertThat(attempt.getReason()).isEqualTo(action.reason.name());
    assertThat(attempt.getTime()).isEqualTo(HealTimes.format(clock.instant()));
    if (!action.dataPlane()) {
      // The SDK exposes the request ID of ARM writes only; a recovery's is not available.
      assertThat(attempt.getRequestId()).isNotBlank();
    }
    assertThat(onlyPlanned(status).getDecision()).isEqualTo(HealDecision.Run);
    assertThat(events(policy, "Normal", action.reason))
        .singleElement()
        .satisfies(event -> assertThat(event.getMessage()).startsWith("ran " + action.action));
    assertThat(reported).containsExactly(HealOutcome.Succeeded);
  }

  @ParameterizedTest
  @EnumSource(Action.class)
  void disabledModeWritesNothing(Action action) {
    RegistryEncryptionPolicy policy = policy(action, HealingMode.Disabled, List.of(action.action));
    action.inject();

    RegistryEncryptionPolicyStatus first = reconcile(policy);
    RegistryEncryptionPolicyStatus second = reconcile(policy);

    assertThat(writes()).isEmpty();
    assertThat(condition(second, action.conditionType).getStatus()).isEqualTo("False");
    assertThat(first.getHealing()).isNull();
    assertThat(second.getHealing()).isNull();
  }

  @ParameterizedTest
  @EnumSource(Action.class)
  void unlistedActionWritesNothing(Action action) {
    List<HealAction> others =
        Stream.of(HealAction.values()).filter(other -> other != action.action).toList();
    RegistryEncryptionPolicy policy = policy(action, HealingMode.Enabled, others);
    action.inject();

    RegistryEncryptionPolicyStatus status = reconcile(policy);

    assertThat(writes()).isEmpty();
    PlannedHeal planned = onlyPlanned(status);
    assertThat(planned.getDecision()).isEqualTo(HealDecision.NotAllowed);
    assertThat(condition(status, action.conditionType).getMessage())
        .contains(action.action + " could repair this, but it is not in spec.healing.actions");
  }

  @ParameterizedTest
  @EnumSource(Action.class)
  void unknownConditionNeverHeals(Action action) {
    RegistryEncryptionPolicy policy = policy(action, HealingMode.Enabled, List.of(action.action));
    action.inject();
    simulator.faults().inject(FaultRule.forOperation(action.read, Fault.serviceUnavailable(null)));

    RegistryEncryptionPolicyStatus status = reconcile(policy);

    assertThat(condition(status, action.conditionType).getStatus()).isEqualTo("Unknown");
    assertThat(writes()).isEmpty();
    assertThat(status.getHealing().getPlan()).isEmpty();
    assertThat(reported).isEmpty();
  }

  static Stream<Arguments> failingWrites() {
    return Stream.of(Action.values())
        .flatMap(action -> Stream.of(403, 409, 500).map(code -> Arguments.of(action, code)));
  }

  @ParameterizedTest(name = "{0} answered {1}")
  @MethodSource("failingWrites")
  void failedWriteWarnsOnceAndWaitsForCooldown(Action action, int httpStatus) {
    RegistryEncryptionPolicy policy = policy(action, HealingMode.Enabled, List.of(action.action));
    action.inject();
    simulator
        .faults()
        .inject(FaultRule.forOperation(action.writeOperation, action.writeFault(httpStatus)));
    int perAttempt = httpStatus == 500 ? 1 + RETRIES.maxRetries() : 1;

    RegistryEncryptionPolicyStatus first = reconcile(policy);
    for (int i = 0; i < 2; i++) {
      clock.advance(Duration.ofMinutes(4));
      reconcile(policy);
    }
    RegistryEncryptionPolicyStatus waiting = policy.getStatus();

    assertThat(writeAttempts(action.writeOperation)).hasSize(perAttempt);
    HealAttempt attempt = onlyAttempt(first);
    assertThat(attempt.getOutcome()).isEqualTo(HealOutcome.Failed);
    String code = action.writeFault(httpStatus).code();
    String errorCode = httpStatus == 403 && action.dataPlane() ? "ForbiddenByPolicy" : code;
    assertThat(attempt.getErrorCode()).isEqualTo(errorCode);
    assertThat(attempt.getRequestId()).isNotBlank();
    assertThat(condition(first, action.conditionType).getStatus()).isEqualTo("False");
    assertThat(condition(first, action.conditionType).getMessage())
        .contains(action.action + " failed at ")
        .contains("HTTP " + httpStatus + " (" + errorCode + ")");
    assertThat(onlyAttempt(waiting).getTime()).isEqualTo(attempt.getTime());
    assertThat(onlyPlanned(waiting).getDecision()).isEqualTo(HealDecision.CoolingDown);
    assertThat(condition(waiting, action.conditionType).getMessage())
        .contains("not running " + action.action + " because it was tried at " + attempt.getTime())
        .contains("with " + errorCode);
    assertThat(events(policy, "Warning", action.reason))
        .filteredOn(event -> event.getMessage().startsWith(action.action + " on "))
        .singleElement()
        .satisfies(event -> assertThat(event.getMessage()).contains(errorCode));
    assertThat(reported).containsExactly(HealOutcome.Failed);

    clock.advance(Duration.ofMinutes(3));
    RegistryEncryptionPolicyStatus retried = reconcile(policy);

    assertThat(writeAttempts(action.writeOperation)).hasSize(2 * perAttempt);
    assertThat(retried.getHealing().getAttempts()).hasSize(2);
  }

  @Test
  void bypassNotTakenForUserAssignedIdentity() {
    RegistryEncryptionPolicy policy =
        TestPolicies.policy(
            user, HealingMode.Enabled, List.of(HealAction.EnableTrustedServicesBypass));
    simulator.mutations().setNetworkAcls(user.vaultId(), "Deny", "None");

    RegistryEncryptionPolicyStatus status = reconcile(policy);

    assertThat(writes()).isEmpty();
    PlannedHeal planned = onlyPlanned(status);
    assertThat(planned.getDecision()).isEqualTo(HealDecision.WouldNotFix);
    assertThat(planned.getMessage()).contains(Reason.UserAssignedIdentityBehindFirewall.name());
    Condition vault = condition(status, ConditionTypes.KEY_VAULT_ACCESSIBLE);
    assertThat(vault.getReason()).isEqualTo(Reason.TrustedServicesBypassDisabled.name());
    assertThat(vault.getMessage())
        .contains("not running EnableTrustedServicesBypass because registry acrcmkdemo reaches")
        .contains(Reason.UserAssignedIdentityBehindFirewall.name());
  }

  @Test
  void attemptsAreBoundedToTen() {
    RegistryEncryptionPolicy policy =
        TestPolicies.policy(user, HealingMode.Enabled, List.of(HealAction.ReassignIdentity));
    Action.REASSIGN_IDENTITY.inject();
    simulator
        .faults()
        .inject(FaultRule.forOperation("registries.update", Fault.authorizationFailed()));

    for (int i = 0; i < HealingStatus.MAX_ATTEMPTS + 2; i++) {
      reconcile(policy);
      clock.advance(COOLDOWN);
    }

    List<HealAttempt> attempts = policy.getStatus().getHealing().getAttempts();
    assertThat(attempts).hasSize(HealingStatus.MAX_ATTEMPTS);
    assertThat(Instant.parse(attempts.get(0).getTime()))
        .isAfter(Instant.parse(attempts.get(1).getTime()));
    assertThat(writeAttempts("registries.update")).hasSize(HealingStatus.MAX_ATTEMPTS + 2);
  }

  @Test
  void disablingKeepsEarlierAttempts() {
    RegistryEncryptionPolicy policy =
        TestPolicies.policy(user, HealingMode.Enabled, List.of(HealAction.ReassignIdentity));
    Action.REASSIGN_IDENTITY.inject();
    reconcile(policy);
    policy.getSpec().getHealing().setMode(HealingMode.Disabled);
    Action.REASSIGN_IDENTITY.inject();

    RegistryEncryptionPolicyStatus status = reconcile(policy);

    assertThat(status.getHealing().getMode()).isEqualTo(HealingMode.Disabled);
    assertThat(status.getHealing().getPlan()).isEmpty();
    assertThat(onlyAttempt(status).getOutcome()).isEqualTo(HealOutcome.Succeeded);
    assertThat(writeAttempts("registries.update")).hasSize(1);
  }

  @Test
  void suspendedPolicyNeverHeals() {
    RegistryEncryptionPolicy policy =
        TestPolicies.policy(user, HealingMode.Enabled, List.of(HealAction.ReassignIdentity));
    policy.getSpec().setSuspend(true);
    Action.REASSIGN_IDENTITY.inject();

    reconcile(policy);

    assertThat(writes()).isEmpty();
    assertThat(simulator.requests()).isEmpty();
  }

  @Test
  void repairStillFoundAfterwardsIsUnconfirmed() {
    // A source that serves the first snapshot again, as Azure does while it has not yet applied
    // an accepted change.
    AzureSnapshotLoader loader = new AzureSnapshotLoader(simulator.connection(), RETRIES, clock);
    AtomicReference<AzureSnapshot> first = new AtomicReference<>();
    SnapshotSource stale =
        target -> first.updateAndGet(read -> read != null ? read : loader.load(target));
    PolicyEventRecorder recorder =
        new PolicyEventRecorder(kubernetes.client(), clock, Duration.ofMinutes(10));
    HealthChecks checks = new HealthChecks();
    HealingOptions options =
        new HealingOptions(
            AzureHealer.sharing(loader), COOLDOWN, (action, outcome) -> reported.add(outcome));
    reconciler =
        new RegistryEncryptionPolicyReconciler(
            stale,
            checks,
            new ConditionEvents(recorder),
            clock,
            OperatorSettings.defaults(),
            new HealStep(stale, checks, options, recorder, clock));
    RegistryEncryptionPolicy policy =
        TestPolicies.policy(user, HealingMode.Enabled, List.of(HealAction.ReassignIdentity));
    Action.REASSIGN_IDENTITY.inject();

    RegistryEncryptionPolicyStatus status = reconcile(policy);

    assertThat(writeAttempts("registries.update")).hasSize(1);
    HealAttempt attempt = onlyAttempt(status);
    assertThat(attempt.getOutcome()).isEqualTo(HealOutcome.Unconfirmed);
    assertThat(attempt.getMessage())
        .contains("but the check after it found IdentityHealthy False (IdentityNotAssigned)");
    assertThat(condition(status, ConditionTypes.IDENTITY_HEALTHY).getMessage())
        .contains("ReassignIdentity ran at ")
        .contains("next attempt after");
    assertThat(events(policy, "Warning", Reason.IdentityNotAssigned))
        .filteredOn(event -> event.getMessage().startsWith("ran ReassignIdentity"))
        .hasSize(1);
    assertThat(reported).containsExactly(HealOutcome.Unconfirmed);
  }

  private RegistryEncryptionPolicy policy(
      Action action, HealingMode mode, List<HealAction> actions) {
    return TestPolicies.policy(action.setup(), mode, actions);
  }

  /** Runs one reconcile and stores the status it patches, as the API server would. */
  private RegistryEncryptionPolicyStatus reconcile(RegistryEncryptionPolicy policy) {
    RegistryEncryptionPolicyStatus status =
        reconciler.reconcile(policy, null).getResource().orElseThrow().getStatus();
    policy.setStatus(status);
    return status;
  }

  private static ObjectNode vaultAcls(CmkSetup setup) {
    return (ObjectNode)
        simulator
            .state()
            .require(SimulatorState.Kind.VAULT, setup.vaultId())
            .at("/properties/networkAcls");
  }

  private static Condition condition(RegistryEncryptionPolicyStatus status, String type) {
    return status.getConditions().stream()
        .filter(condition -> condition.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }

  private static PlannedHeal onlyPlanned(RegistryEncryptionPolicyStatus status) {
    assertThat(status.getHealing().getPlan()).hasSize(1);
    return status.getHealing().getPlan().get(0);
  }

  private static HealAttempt onlyAttempt(RegistryEncryptionPolicyStatus status) {
    assertThat(status.getHealing().getAttempts()).hasSize(1);
    return status.getHealing().getAttempts().get(0);
  }

  /**
   * Returns every write to an Azure resource, leaving out token requests and Key Vault's 401
   * challenges.
   */
  private static List<RecordedRequest> writes() {
    return simulator
        .requestLog()
        .matching(
            request ->
                WRITE_METHODS.contains(request.method())
                    && !request.operation().startsWith("token")
                    && request.status() != 401);
  }

  private static List<RecordedRequest> writeAttempts(String operation) {
    return writes().stream().filter(request -> request.operation().equals(operation)).toList();
  }

  private static RecordedRequest onlyWrite(String operation) {
    List<RecordedRequest> requests = writeAttempts(operation);
    assertThat(requests).hasSize(1);
    return requests.get(0);
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
        .filter(event -> policy.getMetadata().getUid().equals(event.getInvolvedObject().getUid()))
        .filter(event -> type.equals(event.getType()))
        .filter(event -> reason.name().equals(event.getReason()))
        .toList();
  }
}
