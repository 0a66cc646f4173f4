package io.acrcmk.operator.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.Fault;
import io.acrcmk.operator.sandbox.FaultRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Injects Azure faults into the simulator and recovers them at random, drawing every choice from
 * one seeded {@link Random}, and remembers which state faults are in force so that the expected
 * conditions of each policy can be computed.
 *
 * <p>Transient faults are HTTP fault rules on the reads of a slice of registries, of one group's
 * identity, or of one group's vault and everything under it: 429 (with a Retry-After the client
 * honours, or one too long to wait for), 500, 503, a response slower than the client's read
 * timeout, and a reset connection. Each rule applies to a random number of requests, and a recovery
 * removes it before it is used up. State faults change the simulated resources: a registry's
 * identity detached, a group's key disabled, or a group's vault firewall closed to trusted
 * services. A recovery undoes one of them.
 *
 * <p>Not thread-safe: one thread calls {@link #step()}, and the other methods after it stopped.
 */
final class SoakFaults {

  /** A state fault, with the condition it turns False and the reason it must report. */
  enum StateFault {
    IDENTITY_DETACHED(ConditionTypes.IDENTITY_HEALTHY, Reason.IdentityNotAssigned),
    BYPASS_DISABLED(ConditionTypes.KEY_VAULT_ACCESSIBLE, Reason.TrustedServicesBypassDisabled),
    KEY_DISABLED(ConditionTypes.KEY_USABLE, Reason.KeyDisabled);

    final String conditionType;
    final Reason reason;

    StateFault(String conditionType, Reason reason) {
      this.conditionType = conditionType;
      this.reason = reason;
    }
  }

  /** The expected status and reason of one condition. */
  record Expected(String status, Reason reason) {}

  /** Requests a transient fault applies to: a description and a path pattern. */
  private record Target(String scope, String path) {}

  /** A transient fault, its description and how many requests it applies to. */
  private record TransientFault(Fault fault, String kind, int uses) {}

  private static final int MAX_TRANSIENT_RULES = 6;
  private static final int MAX_STATE_FAULTS = 8;

  private final AzureSimulator simulator;
  private final SoakFleet fleet;
  private final Random random;
  private final Duration readTimeout;
  private final Map<FaultRule, String> transientRules = new LinkedHashMap<>();
  private final TreeSet<Integer> detachedRegistries = new TreeSet<>();
  private final TreeSet<Integer> closedVaults = new TreeSet<>();
  private final TreeSet<Integer> disabledKeys = new TreeSet<>();
  private final Map<Integer, JsonNode> detachedIdentityBlocks = new HashMap<>();
  private final List<String> log = new ArrayList<>();
  private int transientInjected;
  private int transientRecovered;
  private long requestsFaulted;
  private int stateInjected;
  private int stateRecovered;

  /**
   * @param readTimeout the response timeout of the operator's HTTP client; a timeout fault delays
   *     the response beyond it
   */
  SoakFaults(AzureSimulator simulator, SoakFleet fleet, long seed, Duration readTimeout) {
    this.simulator = simulator;
    this.fleet = fleet;
    this.random = new Random(seed);
    this.readTimeout = readTimeout;
  }

  /** Injects or recovers one fault, chosen at random. */
  void step() {
    dropExhaustedRules();
    int roll = random.nextInt(100);
    if (roll < 35) {
      injectTransient();
    } else if (roll < 55) {
      recoverTransient();
    } else if (roll < 80) {
      injectState();
    } else {
      recoverState();
    }
  }

  /** Removes every transient fault rule, used up or not. */
  void stopTransientFaults() {
    dropExhaustedRules();
    for (FaultRule rule : List.copyOf(transientRules.keySet())) {
      removeRule(rule);
    }
    simulator.faults().clear();
  }

  /**
   * Recovers about half of the state faults in force, and then injects each kind of state fault
   * that is left nowhere, so that the final state contains every kind next to healthy policies.
   */
  void settle() {
    List<Runnable> recoveries = new ArrayList<>();
    detachedRegistries.forEach(index -> recoveries.add(() -> reattachIdentity(index)));
    closedVaults.forEach(group -> recoveries.add(() -> openVault(group)));
    disabledKeys.forEach(group -> recoveries.add(() -> enableKey(group)));
    for (Runnable recovery : recoveries) {
      if (random.nextBoolean()) {
        recovery.run();
      }
    }
    if (detachedRegistries.isEmpty()) {
      detachIdentity(random.nextInt(fleet.size()));
    }
    if (closedVaults.isEmpty()) {
      closeVault(random.nextInt(fleet.groups()));
    }
    if (disabledKeys.isEmpty()) {
      disableKey(random.nextInt(fleet.groups()));
    }
  }

  /** Returns the state faults in force on the resources policy {@code index} depends on. */
  List<StateFault> stateFaultsOf(int index) {
    List<StateFault> faults = new ArrayList<>();
    int group = fleet.groupOf(index);
    if (detachedRegistries.contains(index)) {
      faults.add(StateFault.IDENTITY_DETACHED);
    }
    if (closedVaults.contains(group)) {
      faults.add(StateFault.BYPASS_DISABLED);
    }
    if (disabledKeys.contains(group)) {
      faults.add(StateFault.KEY_DISABLED);
    }
    return faults;
  }

  /**
   * Returns the expected Ready condition of policy {@code index}: False with the reason of the
   * first fault in condition order, or True when no state fault touches it. The faults are listed
   * in the order of their conditions, so the first is the one Ready reports.
   */
  Expected expectedReady(int index) {
    List<StateFault> faults = stateFaultsOf(index);
    return faults.isEmpty()
        ? new Expected("True", Reason.AllChecksPassed)
        : new Expected("False", faults.get(0).reason);
  }

  /** Returns the expected status and reason of each condition a state fault can turn False. */
  Map<String, Expected> expectedFaultConditions(int index) {
    List<StateFault> faults = stateFaultsOf(index);
    Map<String, Expected> expected = new LinkedHashMap<>();
    expected.put(ConditionTypes.REGISTRY_ENCRYPTED, new Expected("True", Reason.Encrypted));
    expected.put(
        ConditionTypes.IDENTITY_HEALTHY,
        faults.contains(StateFault.IDENTITY_DETACHED)
            ? new Expected("False", Reason.IdentityNotAssigned)
            : new Expected("True", Reason.IdentityAssigned));
    expected.put(
        ConditionTypes.KEY_VAULT_ACCESSIBLE,
        faults.contains(StateFault.BYPASS_DISABLED)
            ? new Expected("False", Reason.TrustedServicesBypassDisabled)
            : new Expected("True", Reason.VaultAccessible));
    expected.put(
        ConditionTypes.KEY_USABLE,
        faults.contains(StateFault.KEY_DISABLED)
            ? new Expected("False", Reason.KeyDisabled)
            : new Expected("True", Reason.KeyActive));
    return expected;
  }

  int transientInjected() {
    return transientInjected;
  }

  int transientRecovered() {
    return transientRecovered;
  }

  /** Returns how many requests the transient rules removed so far have faulted. */
  long requestsFaulted() {
    return requestsFaulted;
  }

  int stateInjected() {
    return stateInjected;
  }

  int stateRecovered() {
    return stateRecovered;
  }

  /** Returns the state faults left in force, such as {@code 3 detached identities}. */
  String describeStateFaults() {
    return detachedRegistries.size()
        + " detached identities "
        + detachedRegistries
        + ", "
        + closedVaults.size()
        + " vaults closed to trusted services "
        + closedVaults
        + ", "
        + disabledKeys.size()
        + " disabled keys "
        + disabledKeys;
  }

  /** Returns every injection and recovery so far, one line each, in order. */
  List<String> log() {
    return List.copyOf(log);
  }

  private void injectTransient() {
    if (transientRules.size() >= MAX_TRANSIENT_RULES) {
      recoverTransient();
      return;
    }
    Target target = randomTarget();
    TransientFault fault = randomTransientFault();
    FaultRule rule =
        simulator
            .faults()
            .inject(FaultRule.forRequest("GET", target.path(), fault.fault()).times(fault.uses()));
    String description = fault.kind() + " on " + target.scope() + ", " + fault.uses() + " requests";
    transientRules.put(rule, description);
    transientInjected++;
    log.add("inject " + description);
  }

  /**
   * Returns the reads of a slice of registries, of one group's identity, or of one group's vault.
   */
  private Target randomTarget() {
    int group = random.nextInt(fleet.groups());
    switch (random.nextInt(3)) {
      case 0 -> {
        // Registries whose number ends in these digits: 100 or 10 of them in a fleet of 1,000.
        String suffix =
            random.nextBoolean()
                ? String.valueOf(random.nextInt(10))
                : String.format("%02d", random.nextInt(100));
        return new Target("registries acrfleet*" + suffix, ".*/registries/acrfleet[0-9]*" + suffix);
      }
      case 1 -> {
        return new Target("identity of group " + group, ".*/userAssignedIdentities/id-" + group);
      }
      default -> {
        return new Target(
            "vault of group " + group + " and everything under it",
            ".*/vaults/" + fleet.vaultName(group) + "(/.*)?");
      }
    }
  }

  private TransientFault randomTransientFault() {
    int uses = 1 + random.nextInt(200);
    return switch (random.nextInt(6)) {
      case 0 ->
          new TransientFault(
              Fault.throttled(Duration.ofMillis(200)), "429 with a short Retry-After", uses);
      case 1 ->
          new TransientFault(
              Fault.throttled(Duration.ofMinutes(1)), "429 with a Retry-After of 1 minute", uses);
      case 2 -> new TransientFault(Fault.internalServerError(), "500", uses);
      case 3 -> new TransientFault(Fault.serviceUnavailable(Duration.ofMillis(200)), "503", uses);
      case 4 ->
          // Each use keeps every check that needs the read waiting for a whole read timeout. With
          // a shared read that soon means every reconcile thread, so one or two uses are enough.
          new TransientFault(
              Fault.delay(readTimeout.plusMillis(500)),
              "response slower than the read timeout",
              1 + random.nextInt(2));
      default -> new TransientFault(Fault.connectionReset(), "connection reset", uses);
    };
  }

  private void recoverTransient() {
    if (transientRules.isEmpty()) {
      injectTransient();
      return;
    }
    List<FaultRule> rules = List.copyOf(transientRules.keySet());
    removeRule(rules.get(random.nextInt(rules.size())));
  }

  private void removeRule(FaultRule rule) {
    simulator.faults().remove(rule);
    String description = transientRules.remove(rule);
    transientRecovered++;
    requestsFaulted += rule.applied();
    log.add("recover " + description + " after " + rule.applied() + " uses");
  }

  /** Forgets rules that are used up. The simulator drops them itself, so each counts recovered. */
  private void dropExhaustedRules() {
    for (FaultRule rule : List.copyOf(transientRules.keySet())) {
      if (rule.exhausted()) {
        removeRule(rule);
      }
    }
  }

  private void injectState() {
    if (detachedRegistries.size() + closedVaults.size() + disabledKeys.size() >= MAX_STATE_FAULTS) {
      recoverState();
      return;
    }
    switch (random.nextInt(3)) {
      case 0 -> detachIdentity(random.nextInt(fleet.size()));
      case 1 -> closeVault(random.nextInt(fleet.groups()));
      default -> disableKey(random.nextInt(fleet.groups()));
    }
  }

  private void recoverState() {
    List<Runnable> recoveries = new ArrayList<>();
    detachedRegistries.forEach(index -> recoveries.add(() -> reattachIdentity(index)));
    closedVaults.forEach(group -> recoveries.add(() -> openVault(group)));
    disabledKeys.forEach(group -> recoveries.add(() -> enableKey(group)));
    if (recoveries.isEmpty()) {
      injectState();
      return;
    }
    recoveries.get(random.nextInt(recoveries.size())).run();
  }

  private void detachIdentity(int index) {
    if (detachedRegistries.contains(index)) {
      return;
    }
    String registryId = fleet.registryId(index);
    JsonNode[] identity = new JsonNode[1];
    simulator
        .mutations()
        .updateRegistry(registryId, registry -> identity[0] = registry.get("identity").deepCopy());
    simulator.mutations().detachIdentity(registryId, fleet.identityId(index));
    detachedIdentityBlocks.put(index, identity[0]);
    detachedRegistries.add(index);
    stateInjected++;
    log.add("inject identity detached from registry " + index);
  }

  private void reattachIdentity(int index) {
    JsonNode identity = detachedIdentityBlocks.remove(index);
    simulator
        .mutations()
        .updateRegistry(fleet.registryId(index), registry -> registry.set("identity", identity));
    detachedRegistries.remove(index);
    stateRecovered++;
    log.add("recover identity of registry " + index);
  }

  private void closeVault(int group) {
    if (closedVaults.contains(group)) {
      return;
    }
    simulator.mutations().setNetworkAcls(fleet.vaultId(group), "Deny", "None");
    closedVaults.add(group);
    stateInjected++;
    log.add("inject vault of group " + group + " closed to trusted services");
  }

  private void openVault(int group) {
    simulator.mutations().setNetworkAcls(fleet.vaultId(group), "Allow", "AzureServices");
    closedVaults.remove(group);
    stateRecovered++;
    log.add("recover vault of group " + group);
  }

  private void disableKey(int group) {
    if (disabledKeys.contains(group)) {
      return;
    }
    simulator.mutations().keys().disableVersion(fleet.vaultName(group), fleet.keyName(), null);
    disabledKeys.add(group);
    stateInjected++;
    log.add("inject key of group " + group + " disabled");
  }

  private void enableKey(int group) {
    simulator.mutations().keys().setEnabled(fleet.vaultName(group), fleet.keyName(), null, true);
    disabledKeys.remove(group);
    stateRecovered++;
    log.add("recover key of group " + group);
  }
}
