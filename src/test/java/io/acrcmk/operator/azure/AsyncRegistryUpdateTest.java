package io.acrcmk.operator.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.azure.AzureWriteResult.Outcome;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.Operations;
import io.acrcmk.operator.sandbox.RecordedRequest;
import io.acrcmk.operator.sandbox.SimulatorOptions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Repairs a registry against a simulator that runs a registry PATCH as a long-running operation, as
 * ARM does: 201 with the registry as it was, and an operation to follow.
 */
class AsyncRegistryUpdateTest {

  private static AzureSimulator simulator;
  private static CmkSetup user;
  private static AzureHealer healer;

  @BeforeAll
  static void startSimulator() {
    simulator = AzureSimulator.start(SimulatorOptions.defaults().asyncRegistryUpdates(true));
    user = simulator.seedHealthy();
    healer = new AzureHealer(simulator.connection(), LoaderFixture.FAST_RETRIES);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  @Test
  void reassignFollowsOperationToCompletion() {
    simulator.mutations().detachIdentity(user.registryId(), user.identityId());
    simulator.clearRequests();
    ResourceId registry = ResourceId.parse(user.registryId(), ResourceId.REGISTRY_TYPE);
    ResourceId identity = ResourceId.parse(user.identityId(), ResourceId.IDENTITY_TYPE);

    AzureWriteResult result = healer.reassignIdentity(registry, identity);

    assertThat(result.outcome()).as(result.describe()).isEqualTo(Outcome.APPLIED);
    assertThat(result.requestId()).isNotBlank();
    assertThat(result.describe()).doesNotContain("did not report completion");
    List<RecordedRequest> requests = simulator.requestLog().all();
    assertThat(requests)
        .extracting(RecordedRequest::operation)
        .containsSubsequence(
            Operations.REGISTRIES_GET,
            Operations.REGISTRIES_UPDATE,
            Operations.REGISTRIES_OPERATION_STATUS);
    assertThat(simulator.requestLog().forOperation(Operations.REGISTRIES_UPDATE))
        .extracting(RecordedRequest::status)
        .containsExactly(201);
    assertThat(simulator.requestLog().forOperation(Operations.REGISTRIES_OPERATION_STATUS))
        .extracting(RecordedRequest::status)
        .containsOnly(200);
  }

  @Test
  void repairedIdentityReadsBackAttached() {
    simulator.mutations().detachIdentity(user.registryId(), user.identityId());
    ResourceId registry = ResourceId.parse(user.registryId(), ResourceId.REGISTRY_TYPE);
    ResourceId identity = ResourceId.parse(user.identityId(), ResourceId.IDENTITY_TYPE);

    healer.reassignIdentity(registry, identity);

    AzureWriteResult again = healer.reassignIdentity(registry, identity);
    assertThat(again.outcome()).as(again.describe()).isEqualTo(Outcome.UNCHANGED);
  }
}
