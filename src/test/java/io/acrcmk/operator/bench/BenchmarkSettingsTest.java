package io.acrcmk.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Checks how the benchmark resolves its settings and judges its figures, without running it. */
class BenchmarkSettingsTest {

  private static Benchmark parse(String... args) {
    Benchmark benchmark = new Benchmark();
    new CommandLine(benchmark).parseArgs(args);
    return benchmark;
  }

  @Test
  void autoIntervalIsFloorWithSlackRoundedUp() {
    Benchmark benchmark = parse();

    // 1,000 policies over 10 groups need 1,045 reads: 41.8 s at 25 a second, 50.2 s with slack.
    assertThat(benchmark.checkInterval(1_000, 10)).isEqualTo(Duration.ofSeconds(60));
    // 10,000 over 100 need 10,451 reads: 418 s, 501.6 s with slack.
    assertThat(benchmark.checkInterval(10_000, 100)).isEqualTo(Duration.ofSeconds(510));
  }

  @Test
  void autoIntervalIsAtLeastThirtySeconds() {
    assertThat(parse().checkInterval(10, 1)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void explicitIntervalIsTaken() {
    assertThat(parse("--check-interval", "5m").checkInterval(10_000, 100))
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void intervalBelowThirtySecondsIsRejected() {
    Benchmark benchmark = parse("--check-interval", "10s");

    assertThatThrownBy(() -> benchmark.checkInterval(1_000, 10))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--check-interval must be auto or whole seconds of at least 30s");
  }

  @Test
  void readsNeededWithSharing() {
    // 1,000 registries, 4 shared reads per group, role assignments for 5 RBAC groups and 1 role
    // definition.
    assertThat(BenchFleet.readsWithSharing(1_000, 10)).isEqualTo(1_000 + 40 + 5 + 1);
  }

  @Test
  void percentileIsNearestRank() {
    List<Long> sorted = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);

    assertThat(OperatorScenario.percentile(sorted, 50)).isEqualTo(5L);
    assertThat(OperatorScenario.percentile(sorted, 99)).isEqualTo(10L);
    assertThat(OperatorScenario.percentile(List.of(7L), 99)).isEqualTo(7L);
  }

  @Test
  void readTargetAppliesFromHundredPoliciesPerGroup() {
    assertThat(Targets.readsApply(1_000, 10)).isTrue();
    assertThat(Targets.readsApply(1_000, 100)).isFalse();
    assertThat(Targets.readsApply(10_000, 100)).isTrue();
  }

  @Test
  void cycleTargetAllowsTenPercentOverFloor() {
    assertThat(Targets.cycleMet(Duration.ofSeconds(44), Duration.ofSeconds(40))).isTrue();
    assertThat(Targets.cycleMet(Duration.ofMillis(44_001), Duration.ofSeconds(40))).isFalse();
  }

  @Test
  void heapTargetIs256MiB() {
    assertThat(Targets.heapMet(256L * 1024 * 1024)).isTrue();
    assertThat(Targets.heapMet(256L * 1024 * 1024 + 1)).isFalse();
  }
}
