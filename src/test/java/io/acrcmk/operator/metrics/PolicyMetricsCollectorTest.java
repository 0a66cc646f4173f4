package io.acrcmk.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.api.RegistryEncryptionPolicySpec;
import io.acrcmk.operator.api.RegistryEncryptionPolicyStatus;
import io.acrcmk.operator.api.RegistryReference;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Computes per-policy series from hand-built policies, as the collector reads them from cache. */
class PolicyMetricsCollectorTest {

  private static final String REGISTRY_ID =
      "/subscriptions/7a3c9f2e-1b4d-4e8a-9c6f-2d5e8b1a4c70/resourceGroups/rg/providers/"
          + "Microsoft.ContainerRegistry/registries/specacr";

  @Test
  void exportsConditionStatusAndReason() {
    RegistryEncryptionPolicy policy = policy("prod", "5m", false);
    policy.setStatus(
        status(
            "prodacr",
            condition("IdentityHealthy", "False", "IdentityNotAssigned"),
            condition("Ready", "False", "IdentityNotAssigned")));

    Exposition scraped = scrape(List.of(policy), true, null);

    assertThat(scraped.named(MetricNames.POLICY_CONDITION))
        .extracting(Sample::labels)
        .containsExactlyInAnyOrder(
            Map.of(
                "namespace",
                "platform",
                "name",
                "prod",
                "registry",
                "prodacr",
                "type",
                "IdentityHealthy",
                "status",
                "False",
                "reason",
                "IdentityNotAssigned"),
            Map.of(
                "namespace",
                "platform",
                "name",
                "prod",
                "registry",
                "prodacr",
                "type",
                "Ready",
                "status",
                "False",
                "reason",
                "IdentityNotAssigned"));
    assertThat(scraped.value(MetricNames.POLICY_READY, Map.of("name", "prod"))).isEqualTo(0.0);
  }

  @Test
  void mapsReadyStatusToNumber() {
    assertThat(PolicyMetricsCollector.readyValue("True")).isEqualTo(1);
    assertThat(PolicyMetricsCollector.readyValue("False")).isEqualTo(0);
    assertThat(PolicyMetricsCollector.readyValue("Unknown")).isEqualTo(-1);
    assertThat(PolicyMetricsCollector.readyValue(null)).isEqualTo(-1);
    assertThat(PolicyMetricsCollector.readyValue("Maybe")).isEqualTo(-1);
  }

  @Test
  void keepsFirstOfRepeatedConditionTypes() {
    RegistryEncryptionPolicy policy = policy("twice", "5m", false);
    policy.setStatus(
        status(
            "twiceacr",
            condition("Ready", "True", "AllChecksPassed"),
            condition("Ready", "False", "KeyDrift")));

    Exposition scraped = scrape(List.of(policy), true, null);

    assertThat(scraped.named(MetricNames.POLICY_CONDITION))
        .singleElement()
        .satisfies(sample -> assertThat(sample.label("status")).isEqualTo("True"));
    assertThat(scraped.value(MetricNames.POLICY_READY, Map.of("name", "twice"))).isEqualTo(1.0);
  }

  @Test
  void exportsTimesAsEpochSeconds() {
    RegistryEncryptionPolicy policy = policy("timed", "90s", false);
    RegistryEncryptionPolicyStatus status =
        status("timedacr", condition("Ready", "True", "AllChecksPassed"));
    status.setLastCheckTime("2026-12-01T10:00:00Z");
    status.setKeyExpiresOn("2027-03-01T00:00:00+01:00");
    policy.setStatus(status);

    Exposition scraped = scrape(List.of(policy), true, null);

    assertThat(scraped.value(MetricNames.LAST_CHECK_TIMESTAMP, Map.of("name", "timed")))
        .isEqualTo(1796119200.0);
    assertThat(scraped.value(MetricNames.KEY_EXPIRY_TIMESTAMP, Map.of("name", "timed")))
        .isEqualTo(1803855600.0);
    assertThat(scraped.value(MetricNames.POLICY_CHECK_INTERVAL, Map.of("name", "timed")))
        .isEqualTo(90.0);
  }

  @Test
  void skipsTimesThatAreNotRfc3339() {
    RegistryEncryptionPolicy policy = policy("garbled", "5m", false);
    RegistryEncryptionPolicyStatus status = status("garbledacr");
    status.setLastCheckTime("yesterday");
    status.setKeyExpiresOn("");
    policy.setStatus(status);

    Exposition scraped = scrape(List.of(policy), true, null);

    assertThat(scraped.named(MetricNames.LAST_CHECK_TIMESTAMP)).isEmpty();
    assertThat(scraped.named(MetricNames.KEY_EXPIRY_TIMESTAMP)).isEmpty();
    assertThat(scraped.named(MetricNames.POLICY_CHECK_INTERVAL)).hasSize(1);
  }

  @Test
  void leavesOutIntervalOfPoliciesNotChecked() {
    RegistryEncryptionPolicy suspended = policy("suspended", "5m", true);
    RegistryEncryptionPolicy rejected = policy("rejected", "5m", false);
    rejected.setStatus(status("rejectedacr", condition("Ready", "False", "InvalidSpec")));
    RegistryEncryptionPolicy unparsable = policy("unparsable", "five minutes", false);

    Exposition scraped = scrape(List.of(suspended, rejected, unparsable), true, null);

    assertThat(scraped.named(MetricNames.POLICY_CHECK_INTERVAL)).isEmpty();
  }

  @Test
  void usesIntervalOverrideWhenSet() {
    Exposition scraped = scrape(List.of(policy("fast", "5m", false)), true, Duration.ofSeconds(1));

    assertThat(scraped.value(MetricNames.POLICY_CHECK_INTERVAL, Map.of("name", "fast")))
        .isEqualTo(1.0);
  }

  @Test
  void takesRegistryFromSpecBeforeFirstCheck() {
    RegistryEncryptionPolicy policy = policy("new", "5m", false);

    assertThat(PolicyMetricsCollector.registryOf(policy)).isEqualTo("specacr");
    policy.getSpec().setRegistry(null);
    assertThat(PolicyMetricsCollector.registryOf(policy)).isEmpty();
  }

  @Test
  void exportsNothingWhileNotLeading() {
    RegistryEncryptionPolicy policy = policy("prod", "5m", false);
    policy.setStatus(status("prodacr", condition("Ready", "True", "AllChecksPassed")));

    Exposition scraped = scrape(List.of(policy), false, null);

    assertThat(scraped.names()).noneMatch(name -> name.startsWith("acrcmk_policy"));
  }

  @Test
  void exportsNothingWhenCacheFails() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry
        .getPrometheusRegistry()
        .register(
            new PolicyMetricsCollector(
                () -> {
                  throw new IllegalStateException("informer stopped");
                },
                () -> true,
                null));

    String text = registry.scrape();

    assertThat(text).doesNotContain("acrcmk_policy");
  }

  @Test
  void computesSeriesAnewOnEachScrape() {
    List<RegistryEncryptionPolicy> cache = new ArrayList<>();
    cache.add(policy("first", "5m", false));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry
        .getPrometheusRegistry()
        .register(new PolicyMetricsCollector(() -> List.copyOf(cache).stream(), () -> true, null));

    assertThat(Exposition.parse(registry.scrape()).named(MetricNames.POLICY_CHECK_INTERVAL))
        .hasSize(1);
    cache.clear();
    assertThat(Exposition.parse(registry.scrape()).named(MetricNames.POLICY_CHECK_INTERVAL))
        .isEmpty();
  }

  private static Exposition scrape(
      List<RegistryEncryptionPolicy> policies, boolean leading, Duration override) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry
        .getPrometheusRegistry()
        .register(new PolicyMetricsCollector(policies::stream, () -> leading, override));
    return Exposition.parse(registry.scrape());
  }

  private static RegistryEncryptionPolicy policy(String name, String interval, boolean suspend) {
    RegistryEncryptionPolicy policy = new RegistryEncryptionPolicy();
    policy.getMetadata().setName(name);
    policy.getMetadata().setNamespace("platform");
    RegistryEncryptionPolicySpec spec = new RegistryEncryptionPolicySpec();
    RegistryReference registry = new RegistryReference();
    registry.setResourceId(REGISTRY_ID);
    spec.setRegistry(registry);
    spec.setCheckInterval(interval);
    spec.setSuspend(suspend);
    policy.setSpec(spec);
    return policy;
  }

  private static RegistryEncryptionPolicyStatus status(String registry, Condition... conditions) {
    RegistryEncryptionPolicyStatus status = new RegistryEncryptionPolicyStatus();
    status.setRegistryName(registry);
    status.setConditions(new ArrayList<>(List.of(conditions)));
    return status;
  }

  private static Condition condition(String type, String status, String reason) {
    return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).build();
  }
}
