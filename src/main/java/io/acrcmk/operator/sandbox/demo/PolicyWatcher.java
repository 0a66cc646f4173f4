package io.acrcmk.operator.sandbox.demo;

import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls the policies and prints a row for each one whose conditions changed, as {@code kubectl get
 * rep -w} prints a line per change.
 */
final class PolicyWatcher implements AutoCloseable {

  private static final long POLL_MILLIS = 200;

  private final KubernetesClient client;
  private final PolicyTable table;
  private final Map<String, String> lastPrinted = new HashMap<>();
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "demo-watch");
            thread.setDaemon(true);
            return thread;
          });

  PolicyWatcher(KubernetesClient client, PolicyTable table) {
    this.client = client;
    this.table = table;
  }

  void start() {
    table.printHeader();
    poller.scheduleWithFixedDelay(this::printChanges, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Returns the policies as the API server stores them now. */
  List<RegistryEncryptionPolicy> list() {
    return client.resources(RegistryEncryptionPolicy.class).inAnyNamespace().list().getItems();
  }

  /**
   * Prints a row for each policy that changed since its last row. The demo also calls this right
   * before it reports a detection, so the row showing it comes first.
   */
  synchronized void printChanges() {
    try {
      for (RegistryEncryptionPolicy policy : list()) {
        String key = policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
        String fingerprint = PolicyTable.fingerprint(policy);
        if (!fingerprint.equals(lastPrinted.get(key))) {
          lastPrinted.put(key, fingerprint);
          table.printRow(policy);
        }
      }
    } catch (KubernetesClientException e) {
      // The demo's own API server is in this process; a failed poll is retried on the next tick.
      System.err.println("demo: listing policies failed: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
