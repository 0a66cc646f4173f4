package io.acrcmk.operator.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.check.CheckInput;
import io.acrcmk.operator.check.CheckResult;
import io.acrcmk.operator.check.HealthChecks;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.HealthySetup;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A registry whose identity type ARM reports as None has no identity, whatever stale principal or
 * user-assigned entries the response still carries, so the encryption identity is not attached.
 */
class RegistryIdentityNoneTest {

  private AzureSimulator simulator;

  @BeforeEach
  void startSimulator() {
    simulator = AzureSimulator.start();
  }

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }

  @Test
  void typeNoneDetachesSystemIdentity() {
    CmkSetup setup = HealthySetup.builder().systemAssignedIdentity().seed(simulator);
    setIdentityTypeNone(setup);

    CheckResult identity = identityHealthy(setup);

    assertThat(identity.status()).isEqualTo(ConditionStatus.False);
    assertThat(identity.reason()).isEqualTo(Reason.IdentityNotAssigned);
  }

  @Test
  void typeNoneDetachesUserAssignedIdentity() {
    CmkSetup setup = HealthySetup.builder().seed(simulator);
    setIdentityTypeNone(setup);

    CheckResult identity = identityHealthy(setup);

    assertThat(identity.status()).isEqualTo(ConditionStatus.False);
    assertThat(identity.reason()).isEqualTo(Reason.IdentityNotAssigned);
  }

  @Test
  void missingTypeStillInferredFromEntries() {
    CmkSetup setup = HealthySetup.builder().seed(simulator);
    simulator
        .mutations()
        .updateRegistry(setup.registryId(), r -> ((ObjectNode) r.get("identity")).remove("type"));

    CheckResult identity = identityHealthy(setup);

    assertThat(identity.status()).isEqualTo(ConditionStatus.True);
  }

  private void setIdentityTypeNone(CmkSetup setup) {
    simulator
        .mutations()
        .updateRegistry(
            setup.registryId(), r -> ((ObjectNode) r.get("identity")).put("type", "None"));
  }

  private CheckResult identityHealthy(CmkSetup setup) {
    AzureSnapshotLoader loader =
        LoaderFixture.loader(simulator, Duration.ofSeconds(5), LoaderFixture.FAST_RETRIES);
    PolicyTarget target = LoaderFixture.target(setup);
    CheckInput input =
        new CheckInput(target, loader.load(target), Instant.now(), Duration.ofDays(30));
    return new HealthChecks()
        .evaluate(input).stream()
            .filter(result -> result.type().equals(ConditionTypes.IDENTITY_HEALTHY))
            .findFirst()
            .orElseThrow();
  }
}
