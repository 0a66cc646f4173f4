package io.acrcmk.operator.controller;

import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.api.RegistryEncryptionPolicyStatus;
import io.acrcmk.operator.azure.SnapshotSource;
import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.check.CheckInput;
import io.acrcmk.operator.check.HealthChecks;
import io.acrcmk.operator.heal.HealReport;
import io.acrcmk.operator.heal.HealStep;
import io.acrcmk.operator.status.KeyInUse;
import io.acrcmk.operator.status.PolicyStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks one policy's whole CMK chain: reads an Azure snapshot, runs the checks, and lets the heal
 * step plan and make the repairs the policy allows. After a repair the heal step reads Azure and
 * checks again. The reconciler then writes the conditions to status and reschedules itself after
 * the policy's check interval and a per-policy offset, as {@link CheckSchedule} describes. A spec
 * change reconciles at once because event processing is generation-aware.
 */
@ControllerConfiguration(name = RegistryEncryptionPolicyReconciler.NAME)
public class RegistryEncryptionPolicyReconciler implements Reconciler<RegistryEncryptionPolicy> {

  /** The controller name, used in logs, metrics and as the status field manager. */
  public static final String NAME = "registryencryptionpolicy";

  /**
   * The delay before the next check after a failure inside the operator or a rejected status patch,
   * once JOSDK's own retries (5 attempts, 2 s apart growing 1.5 times) are spent.
   */
  static final Duration ERROR_RESCHEDULE = Duration.ofMinutes(1);

  private static final Logger LOG =
      LoggerFactory.getLogger(RegistryEncryptionPolicyReconciler.class);

  private final SnapshotSource azure;
  private final HealthChecks checks;
  private final ConditionEvents events;
  private final Clock clock;
  private final OperatorSettings settings;
  private final HealStep healing;
  private final CheckSchedule schedule;

  public RegistryEncryptionPolicyReconciler(
      SnapshotSource azure,
      HealthChecks checks,
      ConditionEvents events,
      Clock clock,
      OperatorSettings settings,
      HealStep healing) {
    this.azure = azure;
    this.checks = checks;
    this.events = events;
    this.clock = clock;
    this.settings = settings;
    this.healing = healing;
    this.schedule = new CheckSchedule(clock);
  }

  @Override
  public UpdateControl<RegistryEncryptionPolicy> reconcile(
      RegistryEncryptionPolicy policy, Context<RegistryEncryptionPolicy> context) {
    RegistryEncryptionPolicyStatus previous = policy.getStatus();
    Long generation = policy.getMetadata().getGeneration();
    if (policy.getSpec() != null && policy.getSpec().isSuspend()) {
      LOG.debug("Policy is suspended; not checking");
      return UpdateControl.patchStatus(
          withStatus(policy, PolicyStatusBuilder.suspended(previous, generation, clock.instant())));
    }

    ParsedPolicy parsed;
    try {
      parsed = ParsedPolicy.from(policy.getSpec());
    } catch (IllegalArgumentException e) {
      return rejectSpec(policy, e.getMessage());
    }

    Duration interval = checkInterval(parsed);
    Optional<Duration> wait = schedule.waitBeforeCheck(policy, interval);
    if (wait.isPresent()) {
      LOG.debug(
          "Checked at {} before this operator started; next check in {}",
          previous.getLastCheckTime(),
          wait.get());
      return UpdateControl.<RegistryEncryptionPolicy>noUpdate().rescheduleAfter(wait.get());
    }

    HealReport healed = check(policy, parsed, interval);
    if (Thread.currentThread().isInterrupted()) {
      // The operator is stopping, and this check outlasted the 10 s it waits for checks in
      // flight. Reads it cut short would show as Azure being unreachable.
      LOG.debug("Check interrupted because the operator is stopping; not writing status");
      return UpdateControl.noUpdate();
    }

    RegistryEncryptionPolicyStatus status =
        PolicyStatusBuilder.checked(
            previous,
            generation,
            healed.results(),
            KeyInUse.from(healed.snapshot()),
            parsed.target().registry().name(),
            clock.instant());
    status.setHealing(healed.status());
    events.announceChanges(policy, previous, status);
    Duration next = schedule.nextCheckAfter(policy, status, interval, clock.instant());
    LOG.debug("Checked; Ready is {}, next check in {}", readyOf(status), next);
    return UpdateControl.patchStatus(withStatus(policy, status)).rescheduleAfter(next);
  }

  /** Reads Azure, runs the checks and lets the heal step act on the findings. */
  private HealReport check(
      RegistryEncryptionPolicy policy, ParsedPolicy parsed, Duration interval) {
    // Reads shared with other policies are reused while younger than this policy's interval.
    AzureSnapshot snapshot = azure.load(parsed.target(), interval);
    CheckInput input =
        new CheckInput(parsed.target(), snapshot, clock.instant(), parsed.keyExpiryWarning());
    return healing.run(policy, input, checks.evaluate(input));
  }

  @Override
  public ErrorStatusUpdateControl<RegistryEncryptionPolicy> updateErrorStatus(
      RegistryEncryptionPolicy policy, Context<RegistryEncryptionPolicy> context, Exception e) {
    if (e instanceof KubernetesClientException rejected) {
      return afterRejectedWrite(rejected, context);
    }
    RegistryEncryptionPolicyStatus status =
        PolicyStatusBuilder.operatorError(
            policy.getStatus(),
            policy.getMetadata().getGeneration(),
            e.getClass().getSimpleName() + ": " + e.getMessage(),
            clock.instant());
    ErrorStatusUpdateControl<RegistryEncryptionPolicy> control =
        ErrorStatusUpdateControl.patchStatus(withStatus(policy, status));
    // A reschedule would turn JOSDK's retry off, so it is set only once the retries are spent.
    if (context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(true)) {
      LOG.error("Check failed inside the operator; checking again in {}", ERROR_RESCHEDULE, e);
      return control.rescheduleAfter(ERROR_RESCHEDULE);
    }
    LOG.error("Check failed inside the operator; retrying with backoff", e);
    return control;
  }

  /**
   * Handles a status patch that the API server rejected. The check itself finished, so no
   * OperatorError status replaces its findings. A deleted policy needs nothing more, and any other
   * rejection (a conflict, a 5xx the client stopped retrying) is retried with JOSDK's backoff.
   */
  private static ErrorStatusUpdateControl<RegistryEncryptionPolicy> afterRejectedWrite(
      KubernetesClientException e, Context<RegistryEncryptionPolicy> context) {
    if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
      LOG.debug("Policy was deleted before its status was written; not retrying");
      return ErrorStatusUpdateControl.<RegistryEncryptionPolicy>noStatusUpdate().withNoRetry();
    }
    if (context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(true)) {
      LOG.warn(
          "Status patch failed with HTTP {} on the last retry; checking again in {}",
          e.getCode(),
          ERROR_RESCHEDULE,
          e);
      return ErrorStatusUpdateControl.<RegistryEncryptionPolicy>noStatusUpdate()
          .rescheduleAfter(ERROR_RESCHEDULE);
    }
    LOG.debug("Status patch failed with HTTP {}; retrying: {}", e.getCode(), e.getMessage());
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  private UpdateControl<RegistryEncryptionPolicy> rejectSpec(
      RegistryEncryptionPolicy policy, String problem) {
    LOG.warn("Spec is invalid, waiting for a change: {}", problem);
    RegistryEncryptionPolicyStatus status =
        PolicyStatusBuilder.invalidSpec(
            policy.getStatus(), policy.getMetadata().getGeneration(), problem, clock.instant());
    events.announceChanges(policy, policy.getStatus(), status);
    // No reschedule: retrying cannot fix the spec, and a spec change starts a new reconcile.
    return UpdateControl.patchStatus(withStatus(policy, status));
  }

  /** Returns the policy's check interval, or the override of the settings. */
  private Duration checkInterval(ParsedPolicy parsed) {
    return settings.checkIntervalOverride() != null
        ? settings.checkIntervalOverride()
        : parsed.checkInterval();
  }

  /**
   * Returns a copy holding only what a status patch needs, so the patch cannot touch the spec or
   * metadata.
   */
  private static RegistryEncryptionPolicy withStatus(
      RegistryEncryptionPolicy policy, RegistryEncryptionPolicyStatus status) {
    RegistryEncryptionPolicy patch = new RegistryEncryptionPolicy();
    patch.getMetadata().setName(policy.getMetadata().getName());
    patch.getMetadata().setNamespace(policy.getMetadata().getNamespace());
    patch.setStatus(status);
    return patch;
  }

  private static ConditionStatus readyOf(RegistryEncryptionPolicyStatus status) {
    return status.getConditions().stream()
        .filter(c -> ConditionTypes.READY.equals(c.getType()))
        .map(c -> ConditionStatus.valueOf(c.getStatus()))
        .findFirst()
        .orElse(ConditionStatus.Unknown);
  }
}
