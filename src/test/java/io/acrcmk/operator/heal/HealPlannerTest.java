package io.acrcmk.operator.heal;

import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.api.HealDecision;
import io.acrcmk.operator.api.HealOutcome;
import io.acrcmk.operator.api.HealingMode;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.check.CheckInput;
import io.acrcmk.operator.check.CheckResult;
import io.acrcmk.operator.check.HealthChecks;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Runs the real checks on hand-built snapshots and checks what the planner decides. */
class HealPlannerTest {

  private static final Set<HealAction> ALL = EnumSet.allOf(HealAction.class);
  private static final Duration COOLDOWN = Duration.ofMinutes(10);
  private static final String NEW_VERSION = "5e4d3c2b1a0f9e8d7c6b5a4938271605";

  private final HealPlanner planner = new HealPlanner();
  private final HealthChecks checks = new HealthChecks();

  @Test
  void healthyRegistryPlansNothing() {
    CheckInput input = new HealFixture().input();

    List<CheckResult> results = checks.evaluate(input);

    assertThat(results).allMatch(result -> result.status() == ConditionStatus.True);
    assertThat(plan(input, results, HealingMode.Enabled, ALL)).isEmpty();
  }

  @Test
  void disabledModePlansNothing() {
    CheckInput input = new HealFixture().identityDetached().input();

    assertThat(plan(input, HealingMode.Disabled, ALL)).isEmpty();
  }

  @Test
  void missingModePlansNothing() {
    CheckInput input = new HealFixture().identityDetached().input();

    assertThat(planner.plan(input, checks.evaluate(input), null, ALL, Map.of(), COOLDOWN))
        .isEmpty();
  }

  @Test
  void unknownFindingPlansNothing() {
    CheckInput input = new HealFixture().identityDetached().input();
    List<CheckResult> unknown =
        List.of(
            CheckResult.unknown(
                ConditionTypes.IDENTITY_HEALTHY,
                Reason.AzureUnavailable,
                "registries.get failed with HTTP 503"));

    assertThat(plan(input, unknown, HealingMode.Enabled, ALL)).isEmpty();
  }

  @Test
  void failedRegistryReadPlansNothing() {
    CheckInput input = new HealFixture().identityDetached().registryReadFailed().input();

    List<CheckResult> results = checks.evaluate(input);

    assertThat(results).noneMatch(result -> result.status() == ConditionStatus.False);
    assertThat(plan(input, results, HealingMode.Enabled, ALL)).isEmpty();
  }

  @Test
  void detachedIdentityRunsReassignWhenEnabled() {
    CheckInput input = new HealFixture().identityDetached().input();

    PlannedAction planned = only(plan(input, HealingMode.Enabled, ALL));

    assertThat(planned.action()).isEqualTo(HealAction.ReassignIdentity);
    assertThat(planned.decision()).isEqualTo(HealDecision.Run);
    assertThat(planned.finding().reason()).isEqualTo(Reason.IdentityNotAssigned);
    assertThat(planned.change())
        .contains("attach identity " + HealFixture.IDENTITY_ID + " to registry contosoacr");
    assertThat(planned.explanation()).isEmpty();
  }

  @Test
  void detachedIdentityWouldRunInDryRun() {
    CheckInput input = new HealFixture().identityDetached().input();

    PlannedAction planned = only(plan(input, HealingMode.DryRun, ALL));

    assertThat(planned.decision()).isEqualTo(HealDecision.WouldRun);
  }

  @Test
  void unlistedActionIsNotAllowed() {
    CheckInput input = new HealFixture().identityDetached().input();

    PlannedAction planned =
        only(plan(input, HealingMode.Enabled, EnumSet.of(HealAction.RecoverDeletedKey)));

    assertThat(planned.action()).isEqualTo(HealAction.ReassignIdentity);
    assertThat(planned.decision()).isEqualTo(HealDecision.NotAllowed);
    assertThat(planned.explanation()).isEqualTo("it is not in spec.healing.actions");
  }

  @Test
  void reassignSkippedWhenRegistryEncryptsWithUndeclaredIdentity() {
    CheckInput input = new HealFixture().encryptsWithUndeclaredIdentity().input();
    List<CheckResult> results = checks.evaluate(input);

    PlannedAction planned = only(plan(input, results, HealingMode.Enabled, ALL));

    assertThat(planned.finding().reason()).isEqualTo(Reason.IdentityNotAssigned);
    assertThat(planned.decision()).isEqualTo(HealDecision.WouldNotFix);
    assertThat(planned.explanation()).contains("the declared identity is attached already");
  }

  @Test
  void systemIdentityReassignEnablesSystemIdentity() {
    CheckInput input = new HealFixture().systemAssigned().identityDetached().input();

    PlannedAction planned = only(plan(input, HealingMode.Enabled, ALL));

    assertThat(planned.decision()).isEqualTo(HealDecision.Run);
    assertThat(planned.change())
        .startsWith("enable the system-assigned identity of registry contosoacr")
        .contains("new principal ID");
  }

  @Test
  void bypassRunsForSystemAssignedIdentity() {
    CheckInput input = new HealFixture().systemAssigned().firewall("None").input();

    PlannedAction planned = only(plan(input, HealingMode.Enabled, ALL));

    assertThat(planned.action()).isEqualTo(HealAction.EnableTrustedServicesBypass);
    assertThat(planned.finding().reason()).isEqualTo(Reason.TrustedServicesBypassDisabled);
    assertThat(planned.decision()).isEqualTo(HealDecision.Run);
    assertThat(planned.change()).contains("keeping its default action, IP rules");
  }

  @Test
  void bypassSkippedForUserAssignedIdentityBehindFirewall() {
    CheckInput input = new HealFixture().firewall("None").input();

    PlannedAction planned = only(plan(input, HealingMode.Enabled, ALL));

    assertThat(planned.action()).isEqualTo(HealAction.EnableTrustedServicesBypass);
    assertThat(planned.decision()).isEqualTo(HealDecision.WouldNotFix);
    assertThat(planned.explanation())
        .contains("user-assigned identity")
        .contains(Reason.UserAssignedIdentityBehindFirewall.name());
  }

  @Test
  void rotateToVersionlessKeyForRegistryPinnedBehind() {
    CheckInput input =
        new HealFixture()
            .newVersion(NEW_VERSION, true)
            .registryPinnedTo(HealFixture.OLD_VERSION)
            .input();
    List<CheckResult> results = checks.evaluate(input);

    List<PlannedAction> plan = plan(input, results, HealingMode.Enabled, ALL);

    PlannedAction planned = only(plan);
    assertThat(planned.action()).isEqualTo(HealAction.RotateToLatestKeyVersion);
    assertThat(planned.finding().reason()).isEqualTo(Reason.KeyVersionBehind);
    assertThat(planned.decision()).isEqualTo(HealDecision.Run);
    assertThat(RotateKeyRule.targetKeyIdentifier(input)).isEqualTo(HealFixture.KEY_URI);
  }

  @Test
  void rotateSkippedWhenPolicyPinsOlderVersion() {
    CheckInput input =
        new HealFixture().pinned(HealFixture.CURRENT_VERSION).newVersion(NEW_VERSION, true).input();

    PlannedAction planned = only(plan(input, HealingMode.Enabled, ALL));

    assertThat(planned.finding().reason()).isEqualTo(Reason.KeyVersionBehind);
    assertThat(planned.decision()).isEqualTo(HealDecision.WouldNotFix);
    assertThat(planned.explanation()).contains("set spec.key.version to " + NEW_VERSION);
  }

  @Test
  void rotateSkippedWhenPinnedVersionIsGone() {
    CheckInput input =
        new HealFixture()
            .pinned(HealFixture.OLD_VERSION)
            .versionGone(HealFixture.OLD_VERSION)
            .input();

    PlannedAction planned = only(plan(input, HealingMode.Enabled, ALL));

    assertThat(planned.finding().reason()).isEqualTo(Reason.KeyVersionNotFound);
    assertThat(planned.decision()).isEqualTo(HealDecision.WouldNotFix);
    assertThat(planned.explanation()).contains("correct spec.key.version");
  }

  @Test
  void rotateRunsWhenVersionInUseIsGone() {
    CheckInput input =
        new HealFixture()
            .registryPinnedTo(HealFixture.OLD_VERSION)
            .versionGone(HealFixture.OLD_VERSION)
            .input();
    List<CheckResult> results = checks.evaluate(input);

    PlannedAction planned = only(plan(input, results, HealingMode.Enabled, ALL));

    assertThat(planned.finding().reason()).isEqualTo(Reason.KeyVersionNotFound);
    assertThat(planned.decision()).isEqualTo(HealDecision.Run);
    assertThat(planned.change()).contains("at key " + HealFixture.KEY_URI + ",");
  }

  @Test
  void rotateSkippedWhenCurrentVersionIsDisabled() {
    CheckInput input =
        new HealFixture()
            .registryPinnedTo(HealFixture.OLD_VERSION)
            .versionGone(HealFixture.OLD_VERSION)
            .newVersion(NEW_VERSION, false)
            .input();
    List<CheckResult> results = checks.evaluate(input);

    PlannedAction planned =
        plan(input, results, HealingMode.Enabled, ALL).stream()
            .filter(entry -> entry.action() == HealAction.RotateToLatestKeyVersion)
            .findFirst()
            .orElseThrow();

    assertThat(planned.decision()).isEqualTo(HealDecision.WouldNotFix);
    assertThat(planned.explanation()).contains(NEW_VERSION + " of key acr-cmk is disabled");
  }

  @Test
  void softDeletedKeyRunsRecover() {
    CheckInput input = new HealFixture().keySoftDeleted().input();

    PlannedAction planned = only(plan(input, HealingMode.Enabled, ALL));

    assertThat(planned.action()).isEqualTo(HealAction.RecoverDeletedKey);
    assertThat(planned.finding().reason()).isEqualTo(Reason.KeySoftDeleted);
    assertThat(planned.decision()).isEqualTo(HealDecision.Run);
  }

  @Test
  void attemptWithinCooldownWaits() {
    CheckInput input = new HealFixture().identityDetached().input();
    LastAttempt last =
        new LastAttempt(
            HealFixture.NOW.minus(Duration.ofMinutes(4)),
            HealOutcome.Failed,
            "AuthorizationFailed");

    PlannedAction planned =
        only(
            planner.plan(
                input,
                checks.evaluate(input),
                HealingMode.Enabled,
                ALL,
                Map.of(HealAction.ReassignIdentity, last),
                COOLDOWN));

    assertThat(planned.decision()).isEqualTo(HealDecision.CoolingDown);
    assertThat(planned.explanation())
        .isEqualTo(
            "it was tried at 2026-03-01T11:56:00Z and failed with AuthorizationFailed, and the"
                + " cooldown of 10m allows the next attempt after 2026-03-01T12:06:00Z");
  }

  @Test
  void attemptAfterCooldownRunsAgain() {
    CheckInput input = new HealFixture().identityDetached().input();
    LastAttempt last =
        new LastAttempt(HealFixture.NOW.minus(COOLDOWN), HealOutcome.Failed, "Conflict");

    PlannedAction planned =
        only(
            planner.plan(
                input,
                checks.evaluate(input),
                HealingMode.Enabled,
                ALL,
                Map.of(HealAction.ReassignIdentity, last),
                COOLDOWN));

    assertThat(planned.decision()).isEqualTo(HealDecision.Run);
  }

  @Test
  void cooldownOfOtherActionDoesNotDelay() {
    CheckInput input = new HealFixture().identityDetached().input();
    LastAttempt last = new LastAttempt(HealFixture.NOW, HealOutcome.Succeeded, null);

    PlannedAction planned =
        only(
            planner.plan(
                input,
                checks.evaluate(input),
                HealingMode.Enabled,
                ALL,
                Map.of(HealAction.RecoverDeletedKey, last),
                COOLDOWN));

    assertThat(planned.decision()).isEqualTo(HealDecision.Run);
  }

  @Test
  void twoFaultsPlanTwoActionsInCheckOrder() {
    CheckInput input =
        new HealFixture().systemAssigned().identityDetached().firewall("None").input();

    List<PlannedAction> plan = plan(input, HealingMode.Enabled, ALL);

    assertThat(plan)
        .extracting(PlannedAction::action)
        .containsExactly(HealAction.ReassignIdentity, HealAction.EnableTrustedServicesBypass);
  }

  @Test
  void actionPlannedOnceForFirstFinding() {
    CheckResult first =
        CheckResult.failed(ConditionTypes.KEY_USABLE, Reason.KeyVersionNotFound, "version gone");
    CheckResult second =
        CheckResult.failed(
            ConditionTypes.KEY_ROTATION_CURRENT, Reason.KeyVersionBehind, "version behind");
    CheckInput input = new HealFixture().input();

    List<PlannedAction> plan = plan(input, List.of(first, second), HealingMode.DryRun, ALL);

    PlannedAction planned = only(plan);
    assertThat(planned.action()).isEqualTo(HealAction.RotateToLatestKeyVersion);
    assertThat(planned.finding()).isEqualTo(first);
  }

  private List<PlannedAction> plan(CheckInput input, HealingMode mode, Set<HealAction> allowed) {
    return plan(input, checks.evaluate(input), mode, allowed);
  }

  private List<PlannedAction> plan(
      CheckInput input, List<CheckResult> results, HealingMode mode, Set<HealAction> allowed) {
    return planner.plan(input, results, mode, allowed, Map.of(), COOLDOWN);
  }

  private static PlannedAction only(List<PlannedAction> plan) {
    assertThat(plan).hasSize(1);
    return plan.get(0);
  }
}
