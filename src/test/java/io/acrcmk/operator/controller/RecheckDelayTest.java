package io.acrcmk.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.api.RegistryEncryptionPolicyStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecheckDelayTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration INTERVAL = Duration.ofMinutes(5);

  @Test
  void factsWaitTheInterval() {
    RegistryEncryptionPolicyStatus status =
        status(condition("Ready", "False", "KeyDisabled", NOW), condition("KeyUsable", "True"));

    assertThat(RecheckDelay.after(status, INTERVAL, NOW)).isEqualTo(INTERVAL);
  }

  @ParameterizedTest(name = "Unknown for {0}s waits {1}s")
  @CsvSource({
    "0, 30",
    "10, 30",
    "30, 30",
    "45, 45",
    "120, 120",
    "299, 299",
    "300, 300",
    "9000, 300"
  })
  void outageDelayGrowsWithTimeUnknown(long unknownSeconds, long expectedSeconds) {
    RegistryEncryptionPolicyStatus status =
        status(
            condition(
                "KeyVaultAccessible",
                "Unknown",
                "AzureUnavailable",
                NOW.minusSeconds(unknownSeconds)),
            condition("Ready", "Unknown", "AzureUnavailable", NOW));

    assertThat(RecheckDelay.after(status, INTERVAL, NOW))
        .isEqualTo(Duration.ofSeconds(expectedSeconds));
  }

  @Test
  void earliestUnknownConditionDecides() {
    RegistryEncryptionPolicyStatus status =
        status(
            condition("KeyUsable", "Unknown", "AzureTimeout", NOW.minusSeconds(40)),
            condition("KeyVaultAccessible", "Unknown", "AzureThrottled", NOW.minusSeconds(100)));

    assertThat(RecheckDelay.after(status, INTERVAL, NOW)).isEqualTo(Duration.ofSeconds(100));
  }

  @Test
  void missingDependencyWaitsTheInterval() {
    RegistryEncryptionPolicyStatus status =
        status(
            condition("IdentityHealthy", "False", "IdentityNotFound", NOW),
            condition("KeyVaultAccessible", "Unknown", "DependencyNotReady", NOW));

    assertThat(RecheckDelay.after(status, INTERVAL, NOW)).isEqualTo(INTERVAL);
  }

  @Test
  void accessDeniedRetriedSooner() {
    RegistryEncryptionPolicyStatus status =
        status(condition("RegistryEncrypted", "Unknown", "OperatorAccessDenied", NOW));

    assertThat(RecheckDelay.after(status, INTERVAL, NOW)).isEqualTo(RecheckDelay.MIN_RETRY);
  }

  @Test
  void shortIntervalNeverLengthened() {
    Duration interval = Duration.ofSeconds(20);
    RegistryEncryptionPolicyStatus status =
        status(condition("KeyUsable", "Unknown", "AzureUnavailable", NOW.minusSeconds(5)));

    assertThat(RecheckDelay.after(status, interval, NOW)).isEqualTo(interval);
  }

  @Test
  void unreadableTransitionTimeCountsAsNow() {
    Condition odd =
        new ConditionBuilder()
            .withType("KeyUsable")
            .withStatus("Unknown")
            .withReason("AzureUnavailable")
            .withLastTransitionTime("yesterday")
            .build();

    assertThat(RecheckDelay.after(status(odd), INTERVAL, NOW)).isEqualTo(RecheckDelay.MIN_RETRY);
  }

  private static RegistryEncryptionPolicyStatus status(Condition... conditions) {
    RegistryEncryptionPolicyStatus status = new RegistryEncryptionPolicyStatus();
    status.setConditions(List.of(conditions));
    return status;
  }

  private static Condition condition(String type, String status) {
    return condition(type, status, "Checked", NOW);
  }

  private static Condition condition(String type, String status, String reason, Instant since) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withLastTransitionTime(since.toString())
        .build();
  }
}
