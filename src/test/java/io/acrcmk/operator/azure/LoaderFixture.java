package io.acrcmk.operator.azure;

import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import java.time.Clock;
import java.time.Duration;

/** Builds loaders and policy targets for tests against the Azure simulator. */
final class LoaderFixture {

  /** Retries with pauses short enough for tests. */
  static final AzureRetryOptions FAST_RETRIES =
      new AzureRetryOptions(2, Duration.ofMillis(10), Duration.ofSeconds(2));

  private LoaderFixture() {}

  /** Returns a loader over the simulator with the given attempt timeout and retry options. */
  static AzureSnapshotLoader loader(
      AzureSimulator simulator, Duration attemptTimeout, AzureRetryOptions retries) {
    return new AzureSnapshotLoader(
        simulator.connection(attemptTimeout), retries, Clock.systemUTC());
  }

  /** Returns the policy target that names the resources of {@code setup}. */
  static PolicyTarget target(CmkSetup setup) {
    return target(setup, null);
  }

  /** Returns the policy target of {@code setup}, pinned to {@code keyVersion} when not null. */
  static PolicyTarget target(CmkSetup setup, String keyVersion) {
    boolean system = setup.systemAssigned();
    return new PolicyTarget(
        ResourceId.parse(setup.registryId(), ResourceId.REGISTRY_TYPE),
        ResourceId.parse(setup.vaultId(), ResourceId.VAULT_TYPE),
        setup.keyName(),
        keyVersion,
        system ? IdentityType.SystemAssigned : IdentityType.UserAssigned,
        system ? null : ResourceId.parse(setup.identityId(), ResourceId.IDENTITY_TYPE));
  }
}
