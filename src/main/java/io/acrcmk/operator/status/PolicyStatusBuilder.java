package io.acrcmk.operator.status;

import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.api.RegistryEncryptionPolicyStatus;
import io.acrcmk.operator.check.CheckResult;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Builds the status the operator writes, from check results or from a spec it cannot use. */
public final class PolicyStatusBuilder {

  private PolicyStatusBuilder() {}

  /**
   * Returns the status after a completed check.
   *
   * @param previous the status currently stored, or null
   * @param generation the metadata.generation the check used
   * @param results one result per checked condition, in evaluation order
   * @param keyInUse the key version in use and its expiry
   * @param registryName the registry name for the REGISTRY column
   * @param now the time the check finished
   */
  public static RegistryEncryptionPolicyStatus checked(
      RegistryEncryptionPolicyStatus previous,
      Long generation,
      List<CheckResult> results,
      KeyInUse keyInUse,
      String registryName,
      Instant now) {
    List<Condition> old = previous == null ? List.of() : previous.getConditions();
    List<Condition> conditions = new ArrayList<>();
    for (CheckResult result : results) {
      conditions.add(
          ConditionSetter.build(
              old,
              result.type(),
              result.status(),
              result.reason().name(),
              result.message(),
              generation,
              now));
    }
    ReadyRollup ready = ReadyRollup.of(results);
    conditions.add(
        ConditionSetter.build(
            old,
            ConditionTypes.READY,
            ready.status(),
            ready.reason().name(),
            ready.message(),
            generation,
            now));
    RegistryEncryptionPolicyStatus status = new RegistryEncryptionPolicyStatus();
    status.setConditions(conditions);
    status.setObservedGeneration(generation);
    status.setLastCheckTime(ConditionSetter.formatTime(now));
    status.setRegistryName(registryName);
    setKeyInUse(status, previous, keyInUse);
    return status;
  }

  /**
   * Returns the status for a spec that passed the schema but cannot be used: Ready is False with
   * reason InvalidSpec, and every checked condition is Unknown because nothing was read.
   */
  public static RegistryEncryptionPolicyStatus invalidSpec(
      RegistryEncryptionPolicyStatus previous, Long generation, String problem, Instant now) {
    List<Condition> old = previous == null ? List.of() : previous.getConditions();
    List<Condition> conditions = new ArrayList<>();
    for (String type : ConditionTypes.CHECKED) {
      conditions.add(
          ConditionSetter.build(
              old,
              type,
              ConditionStatus.Unknown,
              Reason.DependencyNotReady.name(),
              "not checked because the spec is invalid",
              generation,
              now));
    }
    conditions.add(
        ConditionSetter.build(
            old,
            ConditionTypes.READY,
            ConditionStatus.False,
            Reason.InvalidSpec.name(),
            "the spec cannot be used: " + problem + "; fix the spec to resume checks",
            generation,
            now));
    RegistryEncryptionPolicyStatus status = new RegistryEncryptionPolicyStatus();
    status.setConditions(conditions);
    status.setObservedGeneration(generation);
    status.setLastCheckTime(ConditionSetter.formatTime(now));
    status.setRegistryName(previous == null ? null : previous.getRegistryName());
    return status;
  }

  /**
   * Returns the status of a suspended policy: the last conditions stay as they were, so the last
   * known facts remain visible, and Ready turns Unknown with reason Suspended.
   */
  public static RegistryEncryptionPolicyStatus suspended(
      RegistryEncryptionPolicyStatus previous, Long generation, Instant now) {
    return replaceReady(
        previous,
        generation,
        Reason.Suspended,
        "checks are suspended because spec.suspend is true",
        now);
  }

  /**
   * Returns the status after the check failed inside the operator: the checked conditions keep
   * their last values, and Ready turns Unknown with reason OperatorError and the failure.
   */
  public static RegistryEncryptionPolicyStatus operatorError(
      RegistryEncryptionPolicyStatus previous, Long generation, String failure, Instant now) {
    return replaceReady(
        previous,
        generation,
        Reason.OperatorError,
        "the check failed inside the operator and will be retried: " + failure,
        now);
  }

  private static RegistryEncryptionPolicyStatus replaceReady(
      RegistryEncryptionPolicyStatus previous,
      Long generation,
      Reason reason,
      String message,
      Instant now) {
    RegistryEncryptionPolicyStatus status =
        previous == null ? new RegistryEncryptionPolicyStatus() : copyOf(previous);
    List<Condition> conditions = new ArrayList<>();
    for (Condition condition : status.getConditions()) {
      if (!ConditionTypes.READY.equals(condition.getType())) {
        conditions.add(condition);
      }
    }
    conditions.add(
        ConditionSetter.build(
            status.getConditions(),
            ConditionTypes.READY,
            ConditionStatus.Unknown,
            reason.name(),
            message,
            generation,
            now));
    status.setConditions(conditions);
    status.setObservedGeneration(generation);
    return status;
  }

  /**
   * Sets the key version and expiry, keeping the previous values of a part whose Azure read failed:
   * an outage makes them unknown, not absent.
   */
  private static void setKeyInUse(
      RegistryEncryptionPolicyStatus status,
      RegistryEncryptionPolicyStatus previous,
      KeyInUse keyInUse) {
    if (!keyInUse.versionRead()) {
      status.setKeyVersion(previous == null ? null : previous.getKeyVersion());
      status.setKeyExpiresOn(previous == null ? null : previous.getKeyExpiresOn());
      return;
    }
    status.setKeyVersion(keyInUse.version());
    if (keyInUse.expiryRead()) {
      status.setKeyExpiresOn(
          keyInUse.expiresOn() == null ? null : ConditionSetter.formatTime(keyInUse.expiresOn()));
    } else if (previous != null && Objects.equals(previous.getKeyVersion(), keyInUse.version())) {
      status.setKeyExpiresOn(previous.getKeyExpiresOn());
    } else {
      status.setKeyExpiresOn(null);
    }
  }

  private static RegistryEncryptionPolicyStatus copyOf(RegistryEncryptionPolicyStatus source) {
    RegistryEncryptionPolicyStatus copy = new RegistryEncryptionPolicyStatus();
    copy.setConditions(new ArrayList<>(source.getConditions()));
    copy.setObservedGeneration(source.getObservedGeneration());
    copy.setLastCheckTime(source.getLastCheckTime());
    copy.setRegistryName(source.getRegistryName());
    copy.setKeyVersion(source.getKeyVersion());
    copy.setKeyExpiresOn(source.getKeyExpiresOn());
    copy.setHealing(source.getHealing());
    return copy;
  }
}
