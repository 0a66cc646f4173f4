package io.acrcmk.operator.sandbox.demo;

import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.azure.AzureHealer;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.controller.OperatorSettings;
import io.acrcmk.operator.controller.PolicyOperator;
import io.acrcmk.operator.heal.HealingOptions;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.StateCheckpoint;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Runs the real operator against the Azure simulator and an embedded Kubernetes API, injects the
 * classic customer-managed-key faults one at a time, and reports whether each was detected with the
 * expected reason. A last act turns healing on and checks that the operator repairs what it may and
 * only plans what a DryRun policy requests.
 */
public final class Demo {

  /** The example policies the demo applies, as shipped in deploy/examples. */
  static final List<String> EXAMPLES =
      List.of(
          "user-assigned-identity.yaml",
          "system-assigned-identity.yaml",
          "pinned-key-version.yaml",
          "healing-dry-run.yaml");

  /** The version the pinned example names; the demo points it at the simulated vault's. */
  static final String EXAMPLE_PINNED_VERSION = "3f2a5c7e9b1d4f6a8c0e2b4d6f8a0c1e";

  private final PrintStream out;
  private final Duration checkInterval;
  private final Duration detectionTimeout;

  public Demo(PrintStream out, Duration checkInterval, Duration detectionTimeout) {
    this.out = out;
    this.checkInterval = checkInterval;
    this.detectionTimeout = detectionTimeout;
  }

  /**
   * Runs the demo and returns the number of faults that were not detected as expected plus the
   * number of healing expectations that were not met.
   */
  public int run() throws InterruptedException {
    long started = System.nanoTime();
    try (AzureSimulator azure = AzureSimulator.start();
        EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start()) {
      out.printf(
          "Azure simulator on https://127.0.0.1:%d, Kubernetes API on %s%n",
          azure.port(), kubernetes.url());
      DemoFleet fleet = DemoFleet.seed(azure);
      StateCheckpoint healthy = azure.checkpoint();
      applyExamples(kubernetes.client(), fleet);

      OperatorSettings settings =
          OperatorSettings.defaults().withCheckIntervalOverride(checkInterval);
      AzureSnapshotLoader loader = new AzureSnapshotLoader(azure.connection());
      try (PolicyOperator operator =
              PolicyOperator.create(
                  kubernetes.client(),
                  loader,
                  HealingOptions.of(AzureHealer.sharing(loader)),
                  settings,
                  null,
                  Clock.systemUTC());
          PolicyWatcher watcher = new PolicyWatcher(kubernetes.client(), new PolicyTable(out))) {
        operator.start();
        watcher.start();
        boolean ready = await(watcher, Demo::allReady);
        watcher.printChanges();
        if (!ready) {
          out.println("FAILED: the healthy setup did not become Ready");
          return DemoFault.catalog().size();
        }
        List<String> missed = injectAll(azure, fleet, healthy, watcher);
        List<String> missedHealing =
            new HealingAct(out, detectionTimeout, kubernetes.client()).run(azure, fleet);
        out.println("--- Restoring the healthy setup");
        azure.restore(healthy);
        if (!await(watcher, Demo::allReady)) {
          out.println("    the policies did not return to Ready");
          missedHealing.add("recovery after the healing act");
        }
        printSummary(missed, missedHealing, started);
        return missed.size() + missedHealing.size();
      }
    }
  }

  private List<String> injectAll(
      AzureSimulator azure, DemoFleet fleet, StateCheckpoint healthy, PolicyWatcher watcher)
      throws InterruptedException {
    List<DemoFault> faults = DemoFault.catalog();
    List<String> missed = new ArrayList<>();
    for (int i = 0; i < faults.size(); i++) {
      DemoFault fault = faults.get(i);
      out.printf(
          "%n--- Fault %d/%d: %s%n    expect %s: %s=False (%s)%n",
          i + 1,
          faults.size(),
          fault.description(),
          fault.policy(),
          fault.conditionType(),
          fault.reason());
      long injected = System.nanoTime();
      fault.inject().accept(azure, fleet);
      Condition found = awaitCondition(watcher, fault);
      watcher.printChanges();
      if (found == null) {
        out.printf("    NOT DETECTED within %ds%n", detectionTimeout.toSeconds());
        missed.add(fault.description());
      } else {
        out.printf(
            "    detected in %.1fs: %s%n",
            (System.nanoTime() - injected) / 1e9, found.getMessage());
      }
      out.println("--- Restoring the healthy setup");
      azure.restore(healthy);
      boolean recovered = await(watcher, Demo::allReady);
      watcher.printChanges();
      if (!recovered) {
        out.println("    the policies did not return to Ready");
        missed.add("recovery after: " + fault.description());
      }
    }
    return missed;
  }

  private Condition awaitCondition(PolicyWatcher watcher, DemoFault fault)
      throws InterruptedException {
    long deadline = System.nanoTime() + detectionTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (RegistryEncryptionPolicy policy : watcher.list()) {
        if (!fault.policy().equals(policy.getMetadata().getName()) || policy.getStatus() == null) {
          continue;
        }
        Condition condition =
            PolicyTable.find(policy.getStatus().getConditions(), fault.conditionType());
        if (condition != null
            && ConditionStatus.False.name().equals(condition.getStatus())
            && fault.reason().name().equals(condition.getReason())) {
          return condition;
        }
      }
      Thread.sleep(100);
    }
    return null;
  }

  private boolean await(PolicyWatcher watcher, Predicate<List<RegistryEncryptionPolicy>> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + detectionTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.test(watcher.list())) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private static boolean allReady(List<RegistryEncryptionPolicy> policies) {
    if (policies.size() != EXAMPLES.size()) {
      return false;
    }
    for (RegistryEncryptionPolicy policy : policies) {
      if (policy.getStatus() == null) {
        return false;
      }
      Condition ready = PolicyTable.find(policy.getStatus().getConditions(), ConditionTypes.READY);
      if (ready == null || !ConditionStatus.True.name().equals(ready.getStatus())) {
        return false;
      }
      boolean anyFalse =
          policy.getStatus().getConditions().stream()
              .anyMatch(c -> ConditionStatus.False.name().equals(c.getStatus()));
      if (anyFalse) {
        return false;
      }
    }
    return true;
  }

  private void applyExamples(KubernetesClient client, DemoFleet fleet) {
    for (String name : EXAMPLES) {
      String yaml = readExample(name).replace(EXAMPLE_PINNED_VERSION, fleet.pinnedVersion);
      RegistryEncryptionPolicy policy =
          client.getKubernetesSerialization().unmarshal(yaml, RegistryEncryptionPolicy.class);
      client.resource(policy).create();
      out.printf(
          "Applied deploy/examples/%s as %s/%s%n",
          name, policy.getMetadata().getNamespace(), policy.getMetadata().getName());
    }
    out.printf(
        "The pinned example's version %s now names the simulated vault's version %s%n%n",
        EXAMPLE_PINNED_VERSION, fleet.pinnedVersion);
  }

  static String readExample(String name) {
    String resource = "examples/" + name;
    try (InputStream in = Demo.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void printSummary(List<String> missed, List<String> missedHealing, long started) {
    int total = DemoFault.catalog().size();
    out.printf(
        "%nSummary: %d of %d faults detected with the expected reason; healing %s; in %.0fs%n",
        total - Math.min(total, missed.size()),
        total,
        missedHealing.isEmpty()
            ? "repaired both faults and the DryRun policy wrote nothing"
            : "missed " + missedHealing.size() + " expectation(s)",
        (System.nanoTime() - started) / 1e9);
    for (String fault : missed) {
      out.println("  missed: " + fault);
    }
    for (String expectation : missedHealing) {
      out.println("  missed: " + expectation);
    }
  }
}
