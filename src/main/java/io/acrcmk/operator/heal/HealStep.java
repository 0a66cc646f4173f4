package io.acrcmk.operator.heal;

import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.api.HealAttempt;
import io.acrcmk.operator.api.HealDecision;
import io.acrcmk.operator.api.HealOutcome;
import io.acrcmk.operator.api.HealingMode;
import io.acrcmk.operator.api.HealingSpec;
import io.acrcmk.operator.api.PlannedHeal;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.azure.AzureWriteResult;
import io.acrcmk.operator.azure.SnapshotSource;
import io.acrcmk.operator.check.CheckInput;
import io.acrcmk.operator.check.CheckResult;
import io.acrcmk.operator.check.HealthChecks;
import io.acrcmk.operator.event.PolicyEventRecorder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heal step of one reconcile. It plans repairs from the check results. In DryRun mode it
 * reports them. In Enabled mode it makes the ones that may run, then reads Azure again and re-runs
 * the checks, so the status written by the same reconcile shows the outcome.
 *
 * <p>Nothing else in the operator writes to Azure, and only the reconciler calls this step. JOSDK
 * calls the reconciler only on the instance that holds the leader-election Lease when leader
 * election is on, so a standby replica never heals.
 */
public final class HealStep {

  private static final Logger LOG = LoggerFactory.getLogger(HealStep.class);

  private final SnapshotSource azure;
  private final HealthChecks checks;
  private final HealingOptions options;
  private final PolicyEventRecorder events;
  private final Clock clock;
  private final HealPlanner planner = new HealPlanner();
  private final HealHistory history = new HealHistory();
  private final HealExecutor executor;

  /**
   * Creates the step.
   *
   * @param azure where the snapshot after a repair is read from. A cache of shared reads in it must
   *     be the one the healer invalidates, as with {@link
   *     io.acrcmk.operator.azure.AzureHealer#sharing}
   * @param checks the checks re-run after a repair
   * @param options the healer, cooldown and listener
   * @param events where repair events are written
   * @param clock the time attempts are recorded at and cooldowns are measured by
   */
  public HealStep(
      SnapshotSource azure,
      HealthChecks checks,
      HealingOptions options,
      PolicyEventRecorder events,
      Clock clock) {
    this.azure = Objects.requireNonNull(azure, "azure");
    this.checks = Objects.requireNonNull(checks, "checks");
    this.options = Objects.requireNonNull(options, "options");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.executor = options.canHeal() ? new HealExecutor(options.healer()) : null;
  }

  /** A repair made in this check. */
  private record Execution(PlannedAction planned, Instant time, AzureWriteResult write) {

    /** Returns whether Azure may hold something new, so it must be read again. */
    boolean mayHaveChanged() {
      return write.outcome() != AzureWriteResult.Outcome.FAILED;
    }
  }

  /**
   * Plans and, when the policy allows, makes repairs for the findings in {@code results}.
   *
   * @param policy the policy, for its spec, its recorded attempts and as the event subject
   * @param input what the check read
   * @param results the check results of {@code input}
   */
  public HealReport run(
      RegistryEncryptionPolicy policy, CheckInput input, List<CheckResult> results) {
    HealingSpec spec = policy.getSpec() == null ? null : policy.getSpec().getHealing();
    HealingMode mode = effectiveMode(spec);
    String policyKey = HealHistory.policyKey(policy);
    List<HealAttempt> recorded = HealHistory.recorded(policy);
    List<PlannedAction> plan =
        planner.plan(
            input,
            results,
            mode,
            allowed(spec),
            history.lastAttempts(policyKey, recorded),
            options.cooldown());
    announceDryRun(policy, input, plan);

    List<Execution> executions = execute(policyKey, input, plan);
    CheckInput after =
        executions.stream().anyMatch(Execution::mayHaveChanged) ? readAgain(input) : input;
    List<CheckResult> afterResults = after == input ? results : checks.evaluate(after);
    List<HealAttempt> attempts = new ArrayList<>();
    for (Execution execution : executions) {
      attempts.add(conclude(policy, policyKey, after, afterResults, execution));
    }

    List<CheckResult> annotated = annotate(afterResults, plan, executions, attempts);
    return new HealReport(
        after.snapshot(), annotated, HealHistory.status(mode, entries(plan), attempts, recorded));
  }

  private HealingMode effectiveMode(HealingSpec spec) {
    if (!options.canHeal() || spec == null || spec.getMode() == null) {
      return HealingMode.Disabled;
    }
    return spec.getMode();
  }

  private static Set<HealAction> allowed(HealingSpec spec) {
    Set<HealAction> allowed = EnumSet.noneOf(HealAction.class);
    if (spec != null && spec.getActions() != null) {
      spec.getActions().stream().filter(Objects::nonNull).forEach(allowed::add);
    }
    return allowed;
  }

  private void announceDryRun(
      RegistryEncryptionPolicy policy, CheckInput input, List<PlannedAction> plan) {
    for (PlannedAction planned : plan) {
      LOG.debug("Repair {}: {}", planned.action(), planned.decision());
      if (planned.decision() == HealDecision.WouldRun) {
        // The message contains no time, so the recorder's deduplication keeps a steady plan to one
        // event per window.
        events.record(
            policy,
            PolicyEventRecorder.Type.Normal,
            planned.finding().reason().name(),
            HealNotes.wouldRunEvent(planned, input.target()));
      }
    }
  }

  private List<Execution> execute(String policyKey, CheckInput input, List<PlannedAction> plan) {
    List<Execution> executions = new ArrayList<>();
    for (PlannedAction planned : plan) {
      if (planned.decision() != HealDecision.Run) {
        continue;
      }
      Instant time = clock.instant();
      // Recorded before the write, so that even a reconcile that fails after it cannot repeat the
      // write before the cooldown ends.
      history.record(
          policyKey, planned.action(), new LastAttempt(time, null, null), options.cooldown());
      LOG.info(
          "Running {} on {} for {}",
          planned.action(),
          HealNotes.subject(planned.action(), input.target()),
          planned.finding().reason());
      executions.add(new Execution(planned, time, executor.execute(planned, input)));
    }
    return executions;
  }

  /** Reads Azure again with the time of the re-check. */
  private CheckInput readAgain(CheckInput input) {
    return new CheckInput(
        input.target(), azure.load(input.target()), clock.instant(), input.keyExpiryWarning());
  }

  /** Turns an execution into a recorded attempt, an event and a listener call. */
  private HealAttempt conclude(
      RegistryEncryptionPolicy policy,
      String policyKey,
      CheckInput after,
      List<CheckResult> afterResults,
      Execution execution) {
    PlannedAction planned = execution.planned();
    AzureWriteResult write = execution.write();
    CheckResult now = resultOfType(afterResults, planned.finding().type());
    HealOutcome outcome = outcomeOf(write, planned.finding(), now);
    String subject = HealNotes.subject(planned.action(), after.target());

    HealAttempt attempt = new HealAttempt();
    attempt.setAction(planned.action());
    attempt.setReason(planned.finding().reason().name());
    attempt.setTime(HealTimes.format(execution.time()));
    attempt.setOutcome(outcome);
    attempt.setRequestId(write.requestId());
    attempt.setErrorCode(
        write.outcome() == AzureWriteResult.Outcome.FAILED ? write.errorCode() : null);
    attempt.setMessage(
        switch (outcome) {
          case Succeeded -> write.detail() + "; " + now.type() + " is now " + now.status();
          case Unconfirmed ->
              write.detail()
                  + ", but the check after it found "
                  + now.type()
                  + " "
                  + now.status()
                  + " ("
                  + now.reason()
                  + ")";
          case Failed -> write.describe();
        });

    history.record(
        policyKey,
        planned.action(),
        new LastAttempt(execution.time(), outcome, attempt.getErrorCode()),
        options.cooldown());
    options.listener().onAttempt(planned.action(), outcome);
    report(policy, planned, subject, outcome, attempt, execution.time());
    return attempt;
  }

  private void report(
      RegistryEncryptionPolicy policy,
      PlannedAction planned,
      String subject,
      HealOutcome outcome,
      HealAttempt attempt,
      Instant time) {
    String reason = planned.finding().reason().name();
    String requestId =
        attempt.getRequestId() == null ? "" : " (request ID " + attempt.getRequestId() + ")";
    if (outcome == HealOutcome.Succeeded) {
      LOG.info("{} on {} succeeded: {}", planned.action(), subject, attempt.getMessage());
      events.record(
          policy,
          PolicyEventRecorder.Type.Normal,
          reason,
          "ran " + planned.action() + " on " + subject + ": " + attempt.getMessage() + requestId);
      return;
    }
    String next = HealTimes.format(time.plus(options.cooldown()));
    LOG.warn("{} on {} ended {}: {}", planned.action(), subject, outcome, attempt.getMessage());
    String message =
        outcome == HealOutcome.Failed
            ? planned.action() + " on " + subject + " failed: " + attempt.getMessage()
            : "ran "
                + planned.action()
                + " on "
                + subject
                + ": "
                + attempt.getMessage()
                + requestId;
    events.record(
        policy, PolicyEventRecorder.Type.Warning, reason, message + "; next attempt after " + next);
  }

  private static HealOutcome outcomeOf(
      AzureWriteResult write, CheckResult finding, CheckResult now) {
    if (write.outcome() == AzureWriteResult.Outcome.FAILED) {
      return HealOutcome.Failed;
    }
    boolean fixed =
        now.status() == ConditionStatus.True
            || (now.status() == ConditionStatus.False && now.reason() != finding.reason());
    return fixed ? HealOutcome.Succeeded : HealOutcome.Unconfirmed;
  }

  /** Appends a note on each repair to the message of the condition it is about. */
  private List<CheckResult> annotate(
      List<CheckResult> results,
      List<PlannedAction> plan,
      List<Execution> executions,
      List<HealAttempt> attempts) {
    Map<String, StringBuilder> notes = new LinkedHashMap<>();
    for (PlannedAction planned : plan) {
      if (planned.decision() != HealDecision.Run) {
        notes
            .computeIfAbsent(planned.finding().type(), type -> new StringBuilder())
            .append(HealNotes.planNote(planned));
      }
    }
    for (int i = 0; i < executions.size(); i++) {
      Execution execution = executions.get(i);
      notes
          .computeIfAbsent(execution.planned().finding().type(), type -> new StringBuilder())
          .append(executionNote(execution, attempts.get(i), results));
    }
    List<CheckResult> annotated = new ArrayList<>(results.size());
    for (CheckResult result : results) {
      StringBuilder note = notes.get(result.type());
      annotated.add(
          note == null
              ? result
              : new CheckResult(
                  result.type(), result.status(), result.reason(), result.message() + note));
    }
    return annotated;
  }

  private String executionNote(
      Execution execution, HealAttempt attempt, List<CheckResult> results) {
    HealAction action = execution.planned().action();
    Instant next = execution.time().plus(options.cooldown());
    return switch (attempt.getOutcome()) {
      case Succeeded ->
          HealNotes.succeeded(
              action, execution.time(), execution.write().detail(), attempt.getRequestId());
      case Unconfirmed ->
          HealNotes.unconfirmed(
              action,
              execution.time(),
              execution.write().detail(),
              resultOfType(results, execution.planned().finding().type()),
              next);
      case Failed -> HealNotes.failed(action, execution.time(), execution.write().describe(), next);
    };
  }

  private static List<PlannedHeal> entries(List<PlannedAction> plan) {
    List<PlannedHeal> entries = new ArrayList<>(plan.size());
    for (PlannedAction planned : plan) {
      PlannedHeal entry = new PlannedHeal();
      entry.setAction(planned.action());
      entry.setReason(planned.finding().reason().name());
      entry.setDecision(planned.decision());
      entry.setMessage(
          planned.explanation().isEmpty()
              ? planned.change()
              : "not run because " + planned.explanation());
      entries.add(entry);
    }
    return entries;
  }

  private static CheckResult resultOfType(List<CheckResult> results, String type) {
    return results.stream()
        .filter(result -> result.type().equals(type))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the checks returned no " + type));
  }
}
