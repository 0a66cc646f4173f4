package io.acrcmk.operator.check;

import static io.acrcmk.operator.check.CheckAssertions.assertUnknown;
import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import io.acrcmk.operator.azure.snapshot.VaultState;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnknownResultsTest {

  private static final String TYPE = ConditionTypes.RECOVERY_PROTECTED;

  @ParameterizedTest
  @CsvSource({
    "THROTTLED, AzureThrottled",
    "UNAVAILABLE, AzureUnavailable",
    "TIMED_OUT, AzureTimeout",
    "FORBIDDEN, OperatorAccessDenied",
    "INVALID_RESPONSE, AzureResponseInvalid"
  })
  void mapsEachFailureKindToItsReason(ReadFailure.Kind kind, Reason reason) {
    CheckResult result =
        UnknownResults.fromFailure(
            TYPE, "vault contoso-kv", SnapshotBuilder.failure(kind, "vaults.get"));

    assertUnknown(result, reason);
    assertThat(result.type()).isEqualTo(TYPE);
    assertThat(result.message()).startsWith("could not read vault contoso-kv: vaults.get failed");
  }

  @ParameterizedTest
  @CsvSource({
    "THROTTLED, AzureThrottled",
    "UNAVAILABLE, AzureUnavailable",
    "TIMED_OUT, AzureTimeout",
    "FORBIDDEN, OperatorAccessDenied",
    "INVALID_RESPONSE, AzureResponseInvalid"
  })
  void reportsFailedVaultReadAsUnknown(ReadFailure.Kind kind, Reason reason) {
    SnapshotBuilder builder =
        SnapshotBuilder.healthy()
            .vault(Observed.<VaultState>failed(SnapshotBuilder.failure(kind, "vaults.get")));

    assertUnknown(new RecoveryProtectionCheck().evaluate(builder.input()), reason);
  }

  @Test
  void keepsErrorCodeRequestIdAndRetryDelay() {
    ReadFailure failure =
        new ReadFailure(
            ReadFailure.Kind.THROTTLED,
            "vaults.get",
            429,
            "TooManyRequests",
            "Too many requests.",
            "c0a8-11",
            Duration.ofSeconds(30));

    assertThat(UnknownResults.describe(failure))
        .isEqualTo(
            "vaults.get failed with HTTP 429 (TooManyRequests): Too many requests; request ID"
                + " c0a8-11; Azure asked to retry after 30s");
  }

  @Test
  void saysTheOperatorLacksReadRightsWhenForbidden() {
    assertThat(
            UnknownResults.describe(
                SnapshotBuilder.failure(ReadFailure.Kind.FORBIDDEN, "roleAssignments.list")))
        .endsWith("; the operator's identity lacks read rights here (the Reader role covers them)");
  }

  @Test
  void reportsVaultDataPlaneUnreachableWhenFirewallRefusesOperator() {
    ReadFailure failure =
        new ReadFailure(
            ReadFailure.Kind.FORBIDDEN,
            "keys.getDeleted",
            403,
            "ForbiddenByFirewall",
            null,
            null,
            null);

    CheckResult result = UnknownResults.fromFailure(TYPE, "deleted key acr-cmk", failure);

    assertUnknown(result, Reason.VaultDataPlaneUnreachable);
    assertThat(result.message()).contains("says nothing about the registry's own access");
  }

  @Test
  void describesFailureWithoutOperationOrDetails() {
    ReadFailure bare =
        new ReadFailure(ReadFailure.Kind.UNAVAILABLE, null, 0, null, null, null, null);

    assertThat(UnknownResults.describe(bare)).isEqualTo("the read failed");
    assertThat(UnknownResults.reasonFor(null)).isEqualTo(Reason.AzureResponseInvalid);
  }

  @Test
  void reportsDependencyNotReadyForSkippedAndNotFoundReads() {
    assertThat(
            UnknownResults.notFoundOrUnread(
                    TYPE, Observed.skipped("the vault was not found"), "key acr-cmk")
                .message())
        .isEqualTo("key acr-cmk was not read because the vault was not found");
    assertUnknown(
        UnknownResults.notFoundOrUnread(TYPE, Observed.notFound("404"), "key acr-cmk"),
        Reason.DependencyNotReady);
    assertThat(UnknownResults.unlessFound(TYPE, Observed.found("x"), "anything")).isEmpty();
  }
}
