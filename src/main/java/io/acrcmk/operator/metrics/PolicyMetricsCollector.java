package io.acrcmk.operator.metrics;

import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.GoDuration;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.api.RegistryEncryptionPolicySpec;
import io.acrcmk.operator.api.RegistryEncryptionPolicyStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes the per-policy series from the operator's cache of RegistryEncryptionPolicy objects each
 * time Prometheus scrapes, so a deleted policy's series are gone from the next scrape and no series
 * outlives its policy.
 *
 * <p>Only the replica that checks policies exports them: with leader election, every replica's
 * cache contains the same policies, and exporting them from each would duplicate every series.
 */
public final class PolicyMetricsCollector implements MultiCollector {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyMetricsCollector.class);

  private static final Comparator<RegistryEncryptionPolicy> BY_NAMESPACE_AND_NAME =
      Comparator.comparing((RegistryEncryptionPolicy p) -> nullToEmpty(namespaceOf(p)))
          .thenComparing(p -> nullToEmpty(p.getMetadata().getName()));

  private final Supplier<? extends Stream<RegistryEncryptionPolicy>> policies;
  private final BooleanSupplier exporting;
  private final Duration intervalOverride;

  /**
   * Creates a collector.
   *
   * @param policies the policies in the operator's cache; called once per scrape
   * @param exporting whether this replica exports the series now
   * @param intervalOverride the interval that replaces every policy's checkInterval, or null
   */
  public PolicyMetricsCollector(
      Supplier<? extends Stream<RegistryEncryptionPolicy>> policies,
      BooleanSupplier exporting,
      Duration intervalOverride) {
    this.policies = policies;
    this.exporting = exporting;
    this.intervalOverride = intervalOverride;
  }

  @Override
  public MetricSnapshots collect() {
    if (!exporting.getAsBoolean()) {
      return MetricSnapshots.of();
    }
    List<RegistryEncryptionPolicy> cached;
    try (Stream<RegistryEncryptionPolicy> stream = policies.get()) {
      cached =
          stream
              .filter(p -> p.getMetadata() != null && p.getMetadata().getName() != null)
              .sorted(BY_NAMESPACE_AND_NAME)
              .toList();
    } catch (RuntimeException e) {
      // A scrape must still return the process metrics when the cache cannot be read.
      LOG.warn("Cannot read the policy cache for metrics; exporting no per-policy series", e);
      return MetricSnapshots.of();
    }
    Series series = new Series();
    for (RegistryEncryptionPolicy policy : cached) {
      series.add(policy);
    }
    return series.build();
  }

  /** The data points of one scrape, gathered per metric. */
  private final class Series {
    private final GaugeSnapshot.Builder conditions =
        gauge(MetricNames.POLICY_CONDITION, MetricNames.POLICY_CONDITION_HELP);
    private final GaugeSnapshot.Builder ready =
        gauge(MetricNames.POLICY_READY, MetricNames.POLICY_READY_HELP);
    private final GaugeSnapshot.Builder keyExpiry =
        gauge(MetricNames.KEY_EXPIRY_TIMESTAMP, MetricNames.KEY_EXPIRY_TIMESTAMP_HELP)
            .unit(Unit.SECONDS);
    private final GaugeSnapshot.Builder lastCheck =
        gauge(MetricNames.LAST_CHECK_TIMESTAMP, MetricNames.LAST_CHECK_TIMESTAMP_HELP)
            .unit(Unit.SECONDS);
    private final GaugeSnapshot.Builder interval =
        gauge(MetricNames.POLICY_CHECK_INTERVAL, MetricNames.POLICY_CHECK_INTERVAL_HELP)
            .unit(Unit.SECONDS);

    void add(RegistryEncryptionPolicy policy) {
      String namespace = nullToEmpty(namespaceOf(policy));
      String name = policy.getMetadata().getName();
      String registry = registryOf(policy);
      Labels labels =
          Labels.of(
              MetricNames.LABEL_NAMESPACE, namespace,
              MetricNames.LABEL_NAME, name,
              MetricNames.LABEL_REGISTRY, registry);
      RegistryEncryptionPolicyStatus status = policy.getStatus();
      if (status != null) {
        addConditions(labels, status);
        addTimestamp(lastCheck, labels, status.getLastCheckTime());
        addTimestamp(keyExpiry, labels, status.getKeyExpiresOn());
      }
      Duration checkInterval = checkIntervalOf(policy);
      if (checkInterval != null) {
        interval.dataPoint(point(labels, checkInterval.toMillis() / 1000.0));
      }
    }

    private void addConditions(Labels labels, RegistryEncryptionPolicyStatus status) {
      Set<String> seen = new HashSet<>();
      for (Condition condition : status.getConditions()) {
        // A status written by hand may repeat a type; the first one counts, as in kubectl.
        if (condition.getType() == null || !seen.add(condition.getType())) {
          continue;
        }
        String conditionStatus =
            condition.getStatus() == null ? ConditionStatus.Unknown.name() : condition.getStatus();
        conditions.dataPoint(
            point(
                labels
                    .add(MetricNames.LABEL_TYPE, condition.getType())
                    .add(MetricNames.LABEL_STATUS, conditionStatus)
                    .add(MetricNames.LABEL_REASON, nullToEmpty(condition.getReason())),
                1));
        if (ConditionTypes.READY.equals(condition.getType())) {
          ready.dataPoint(point(labels, readyValue(conditionStatus)));
        }
      }
    }

    private void addTimestamp(GaugeSnapshot.Builder gauge, Labels labels, String time) {
      if (time == null || time.isBlank()) {
        return;
      }
      try {
        gauge.dataPoint(point(labels, Instant.parse(time).toEpochMilli() / 1000.0));
      } catch (DateTimeParseException e) {
        LOG.debug("Not exporting time '{}' that is not in RFC 3339 format", time);
      }
    }

    /** Returns the metrics that have at least one series. */
    MetricSnapshots build() {
      MetricSnapshots.Builder result = MetricSnapshots.builder();
      for (GaugeSnapshot.Builder gauge :
          List.of(conditions, ready, keyExpiry, lastCheck, interval)) {
        GaugeSnapshot snapshot = gauge.build();
        if (!snapshot.getDataPoints().isEmpty()) {
          result.metricSnapshot(snapshot);
        }
      }
      return result.build();
    }
  }

  /**
   * Returns the interval at which the operator checks {@code policy}, or null when it does not
   * check it: suspended, or with a spec the operator rejected or cannot parse.
   */
  private Duration checkIntervalOf(RegistryEncryptionPolicy policy) {
    RegistryEncryptionPolicySpec spec = policy.getSpec();
    if (spec == null || spec.isSuspend() || hasReadyReason(policy, Reason.InvalidSpec)) {
      return null;
    }
    if (intervalOverride != null) {
      return intervalOverride;
    }
    try {
      return GoDuration.parse(spec.getCheckInterval());
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }

  private static boolean hasReadyReason(RegistryEncryptionPolicy policy, Reason reason) {
    return policy.getStatus() != null
        && policy.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    ConditionTypes.READY.equals(c.getType())
                        && reason.name().equals(c.getReason()));
  }

  /**
   * Returns the registry name from status, or from the spec's resource ID before the first check.
   */
  static String registryOf(RegistryEncryptionPolicy policy) {
    RegistryEncryptionPolicyStatus status = policy.getStatus();
    if (status != null && status.getRegistryName() != null && !status.getRegistryName().isBlank()) {
      return status.getRegistryName();
    }
    RegistryEncryptionPolicySpec spec = policy.getSpec();
    if (spec == null || spec.getRegistry() == null || spec.getRegistry().getResourceId() == null) {
      return "";
    }
    String resourceId = spec.getRegistry().getResourceId().replaceAll("/+$", "");
    return resourceId.substring(resourceId.lastIndexOf('/') + 1);
  }

  /** Maps a Ready status to 1 (True), 0 (False) or -1 (Unknown or anything else). */
  static double readyValue(String status) {
    if (ConditionStatus.True.name().equals(status)) {
      return 1;
    }
    if (ConditionStatus.False.name().equals(status)) {
      return 0;
    }
    return -1;
  }

  private static GaugeSnapshot.Builder gauge(String name, String help) {
    return GaugeSnapshot.builder().name(name).help(help);
  }

  private static GaugeDataPointSnapshot point(Labels labels, double value) {
    return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  private static String namespaceOf(RegistryEncryptionPolicy policy) {
    return policy.getMetadata().getNamespace();
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
