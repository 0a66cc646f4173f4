package io.acrcmk.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.ResourceId;
import io.acrcmk.operator.azure.SnapshotSource;
import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Checks that timing a snapshot source keeps the max age a check passes for shared reads. */
class TimedSnapshotSourceTest {

  private static final PolicyTarget TARGET =
      new PolicyTarget(
          ResourceId.parse(
              "/subscriptions/5c1a8f3e-2b7d-4e9a-9c61-0d3f7a2b8e14/resourceGroups/rg"
                  + "/providers/Microsoft.ContainerRegistry/registries/contosoacr",
              ResourceId.REGISTRY_TYPE),
          ResourceId.parse(
              "/subscriptions/5c1a8f3e-2b7d-4e9a-9c61-0d3f7a2b8e14/resourceGroups/rg"
                  + "/providers/Microsoft.KeyVault/vaults/contoso-kv",
              ResourceId.VAULT_TYPE),
          "acr-cmk",
          null,
          IdentityType.SystemAssigned,
          null);

  @Test
  void passesMaxAgeToSource() {
    List<Duration> maxAges = new CopyOnWriteArrayList<>();
    SnapshotSource source =
        new SnapshotSource() {
          @Override
          public AzureSnapshot load(PolicyTarget target) {
            maxAges.add(Duration.ZERO);
            return null;
          }

          @Override
          public AzureSnapshot load(PolicyTarget target, Duration maxAge) {
            maxAges.add(maxAge);
            return null;
          }
        };
    try (OperatorMetrics metrics = OperatorMetrics.create()) {

      metrics.timed(source).load(TARGET, Duration.ofMinutes(5));

      assertThat(maxAges).containsExactly(Duration.ofMinutes(5));
      assertThat(metrics.registry().find(MetricNames.CHECK_DURATION).timer().count()).isEqualTo(1);
    }
  }
}
