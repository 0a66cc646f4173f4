package io.acrcmk.operator.cli;

import io.acrcmk.operator.api.RegistryEncryptionPolicyStatus;
import io.acrcmk.operator.azure.SnapshotSource;
import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.check.CheckInput;
import io.acrcmk.operator.check.CheckResult;
import io.acrcmk.operator.check.HealthChecks;
import io.acrcmk.operator.status.KeyInUse;
import io.acrcmk.operator.status.PolicyStatusBuilder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks policies once, as the operator's reconciler does: one Azure snapshot per policy, every
 * check over it, and the status built from the results. Nothing is written to Azure.
 */
final class PolicyChecker {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyChecker.class);

  private final SnapshotSource azure;
  private final HealthChecks checks = new HealthChecks();
  private final Clock clock;
  private final UnaryOperator<String> messages;

  /**
   * Creates a checker.
   *
   * @param azure where snapshots come from
   * @param clock the time of the checks
   * @param messages applied to every condition message, such as to name the user's vault hosts in
   *     an offline check
   */
  PolicyChecker(SnapshotSource azure, Clock clock, UnaryOperator<String> messages) {
    this.azure = azure;
    this.clock = clock;
    this.messages = messages;
  }

  /**
   * Checks every policy, {@code concurrency} at a time, and returns the results in input order.
   *
   * @throws InterruptedException when the thread is interrupted while waiting for the checks
   */
  List<CheckedPolicy> checkAll(List<LoadedPolicy> policies, int concurrency, Progress progress)
      throws InterruptedException {
    progress.start("checking policies", policies.size());
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrency));
    try {
      List<Future<CheckedPolicy>> pending = new ArrayList<>();
      for (LoadedPolicy policy : policies) {
        pending.add(
            pool.submit(
                () -> {
                  CheckedPolicy checked = check(policy);
                  progress.advance();
                  return checked;
                }));
      }
      List<CheckedPolicy> checked = new ArrayList<>();
      for (int i = 0; i < pending.size(); i++) {
        checked.add(await(pending.get(i), policies.get(i)));
      }
      return checked;
    } finally {
      pool.shutdownNow();
      progress.finish();
    }
  }

  /** Checks one policy; a suspended policy is not read, as the operator does not read it. */
  CheckedPolicy check(LoadedPolicy policy) {
    Long generation = policy.policy().getMetadata().getGeneration();
    if (policy.suspended()) {
      return new CheckedPolicy(
          policy, PolicyStatusBuilder.suspended(null, generation, clock.instant()));
    }
    AzureSnapshot snapshot = azure.load(policy.target());
    Instant now = clock.instant();
    List<CheckResult> results =
        checks.evaluate(new CheckInput(policy.target(), snapshot, now, policy.keyExpiryWarning()));
    RegistryEncryptionPolicyStatus status =
        PolicyStatusBuilder.checked(
            null,
            generation,
            results,
            KeyInUse.from(snapshot),
            policy.target().registry().name(),
            now);
    status
        .getConditions()
        .forEach(condition -> condition.setMessage(messages.apply(condition.getMessage())));
    return new CheckedPolicy(policy, status);
  }

  private CheckedPolicy await(Future<CheckedPolicy> pending, LoadedPolicy policy)
      throws InterruptedException {
    try {
      return pending.get();
    } catch (ExecutionException e) {
      // Azure faults arrive inside the snapshot, so this is a bug; the policy shows it as Unknown
      // with reason OperatorError, as the operator's status would.
      Throwable cause = e.getCause() == null ? e : e.getCause();
      LOG.error("Check of {} failed", policy.displayName(), cause);
      return new CheckedPolicy(
          policy,
          PolicyStatusBuilder.operatorError(
              null,
              policy.policy().getMetadata().getGeneration(),
              cause.getClass().getSimpleName() + ": " + cause.getMessage(),
              clock.instant()));
    }
  }
}
