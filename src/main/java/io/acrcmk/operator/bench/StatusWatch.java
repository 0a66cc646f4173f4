package io.acrcmk.operator.bench;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Watches the policies of one namespace on the API server and records, per policy, when the
 * operator first wrote its status, how many checks it wrote, and when its Ready condition was first
 * seen False. It keeps a few numbers per policy, not the objects, so that its own heap stays small
 * next to the operator's.
 */
final class StatusWatch implements Watcher<RegistryEncryptionPolicy>, AutoCloseable {

  /** The observations of one policy. Times are {@link System#nanoTime()} values, 0 when unset. */
  static final class PolicyRecord {
    private long firstStatusNanos;
    private long firstFalseNanos;
    private String firstReady;
    private String lastCheckTime;
    private int checks;

    synchronized long firstStatusNanos() {
      return firstStatusNanos;
    }

    synchronized long firstFalseNanos() {
      return firstFalseNanos;
    }

    synchronized String firstReady() {
      return firstReady;
    }

    synchronized int checks() {
      return checks;
    }

    /** Records one status as written; returns true when it is the policy's first. */
    private synchronized boolean observe(String ready, String checkTime, long now) {
      boolean first = firstStatusNanos == 0;
      if (first) {
        firstStatusNanos = now;
        firstReady = ready;
      }
      if (checkTime != null && !checkTime.equals(lastCheckTime)) {
        lastCheckTime = checkTime;
        checks++;
      }
      if ("False".equals(ready) && firstFalseNanos == 0) {
        firstFalseNanos = now;
      }
      return first;
    }
  }

  private final Map<String, PolicyRecord> records = new ConcurrentHashMap<>();
  private final CountDownLatch firstStatuses;
  private final AtomicLong lastFirstStatusNanos = new AtomicLong();
  private final AtomicLong unknownStatuses = new AtomicLong();
  private final AtomicReference<WatcherException> closedBy = new AtomicReference<>();
  private Watch watch;

  private StatusWatch(int policies) {
    this.firstStatuses = new CountDownLatch(policies);
  }

  /** Starts watching {@code namespace}, where {@code policies} policies are expected. */
  static StatusWatch start(KubernetesClient client, String namespace, int policies) {
    StatusWatch statusWatch = new StatusWatch(policies);
    statusWatch.watch =
        client.resources(RegistryEncryptionPolicy.class).inNamespace(namespace).watch(statusWatch);
    return statusWatch;
  }

  @Override
  public void eventReceived(Action action, RegistryEncryptionPolicy policy) {
    if (action != Action.ADDED && action != Action.MODIFIED) {
      return;
    }
    if (policy.getStatus() == null) {
      return;
    }
    String ready = readyStatus(policy);
    if (ready == null) {
      return;
    }
    long now = System.nanoTime();
    if ("Unknown".equals(ready)) {
      unknownStatuses.incrementAndGet();
    }
    PolicyRecord record =
        records.computeIfAbsent(policy.getMetadata().getName(), name -> new PolicyRecord());
    if (record.observe(ready, policy.getStatus().getLastCheckTime(), now)) {
      lastFirstStatusNanos.accumulateAndGet(now, Math::max);
      firstStatuses.countDown();
    }
  }

  private static String readyStatus(RegistryEncryptionPolicy policy) {
    for (Condition condition : policy.getStatus().getConditions()) {
      if (ConditionTypes.READY.equals(condition.getType())) {
        return condition.getStatus();
      }
    }
    return null;
  }

  @Override
  public void onClose(WatcherException cause) {
    closedBy.set(cause);
  }

  /**
   * Waits until every policy has a status, and returns false when {@code timeout} passed first.
   *
   * @throws IllegalStateException when the watch closed with an error, so that no more statuses can
   *     be seen
   */
  boolean awaitFirstStatuses(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (firstStatuses.await(1, TimeUnit.SECONDS)) {
        return true;
      }
      requireOpen();
    }
    return firstStatuses.getCount() == 0;
  }

  /** Throws when the watch closed with an error. */
  void requireOpen() {
    WatcherException cause = closedBy.get();
    if (cause != null) {
      throw new IllegalStateException("the status watch closed: " + cause.getMessage(), cause);
    }
  }

  /** Returns the records of the policies that have a status, by policy name. */
  Map<String, PolicyRecord> records() {
    return records;
  }

  /** Returns when the last policy got its first status, or 0 when none has. */
  long lastFirstStatusNanos() {
    return lastFirstStatusNanos.get();
  }

  /** Returns how many written statuses had Ready Unknown, as a failed read such as a 429 causes. */
  long unknownStatuses() {
    return unknownStatuses.get();
  }

  @Override
  public void close() {
    if (watch != null) {
      watch.close();
    }
  }
}
