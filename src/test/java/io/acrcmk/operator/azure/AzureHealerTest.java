package io.acrcmk.operator.azure;

import static io.acrcmk.operator.sandbox.SimulatorState.Kind.REGISTRY;
import static io.acrcmk.operator.sandbox.SimulatorState.Kind.VAULT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acrcmk.operator.azure.AzureWriteResult.Outcome;
import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.Fault;
import io.acrcmk.operator.sandbox.FaultRule;
import io.acrcmk.operator.sandbox.HealthySetup;
import io.acrcmk.operator.sandbox.RecordedRequest;
import io.acrcmk.operator.sandbox.StateCheckpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs each healing write against the simulator and checks the exact request Azure receives. */
class AzureHealerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> WRITE_METHODS = List.of("PUT", "PATCH", "POST", "DELETE");

  /** A max age longer than any test, so that every shared read after the first is a cache hit. */
  private static final Duration CACHE_AGE = Duration.ofMinutes(5);

  private static AzureSimulator simulator;
  private static CmkSetup user;
  private static CmkSetup system;
  private static StateCheckpoint seeded;
  private static AzureHealer healer;

  @BeforeAll
  static void startSimulator() {
    simulator = AzureSimulator.start();
    user = simulator.seedHealthy();
    system =
        HealthySetup.builder()
            .registryName("acrsystem")
            .vaultName("kv-acr-system")
            .systemAssignedIdentity()
            .seed(simulator);
    seeded = simulator.checkpoint();
    healer = new AzureHealer(simulator.connection(), LoaderFixture.FAST_RETRIES);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  @BeforeEach
  void reset() {
    simulator.restore(seeded);
    simulator.faults().clear();
    simulator.clearRequests();
  }

  @Test
  void reassignPatchesDetachedIdentityBack() throws Exception {
    simulator.mutations().detachIdentity(user.registryId(), user.identityId());

    AzureWriteResult result = healer.reassignIdentity(registry(user), identity(user));

    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(result.requestId()).isNotBlank();
    assertThat(body(only("registries.update")))
        .isEqualTo(
            JSON.readTree(
                "{\"identity\":{\"type\":\"UserAssigned\",\"userAssignedIdentities\":{\""
                    + identity(user)
                    + "\":{}}}}"));
    assertThat(simulator.requestLog().count("registries.create")).isZero();
    assertThat(registryDocument(user).at("/identity/userAssignedIdentities").fieldNames())
        .toIterable()
        .containsExactly(identity(user).toString());
  }

  @Test
  void reassignKeepsSystemAndOtherUserAssignedIdentities() throws Exception {
    ObjectNode other =
        simulator
            .resources()
            .createIdentity(user.subscriptionId(), user.resourceGroup(), "id-other");
    String otherId = other.path("id").asText();
    simulator
        .mutations()
        .updateRegistry(
            user.registryId(),
            registry -> {
              ObjectNode identity = (ObjectNode) registry.get("identity");
              identity.put("type", "SystemAssigned, UserAssigned");
              identity.put("principalId", "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
              ((ObjectNode) identity.get("userAssignedIdentities"))
                  .set(
                      otherId,
                      JSON.createObjectNode()
                          .put("principalId", other.at("/properties/principalId").asText())
                          .put("clientId", other.at("/properties/clientId").asText()));
            });
    simulator.mutations().detachIdentity(user.registryId(), user.identityId());

    AzureWriteResult result = healer.reassignIdentity(registry(user), identity(user));

    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    JsonNode sent = body(only("registries.update"));
    assertThat(sent.at("/identity/type").asText()).isEqualTo("SystemAssigned, UserAssigned");
    assertThat(sent.at("/identity/userAssignedIdentities").fieldNames())
        .toIterable()
        .containsExactly(otherId, identity(user).toString());
    assertThat(sent.at("/identity/userAssignedIdentities/" + escape(otherId)).size()).isZero();
    assertThat(registryDocument(user).at("/identity/principalId").asText())
        .isEqualTo("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
  }

  @Test
  void reassignOfAttachedIdentitySendsNothing() {
    AzureWriteResult result = healer.reassignIdentity(registry(user), identity(user));

    assertThat(result.outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(writes()).isEmpty();
  }

  @Test
  void reassignEnablesSystemIdentityAgain() throws Exception {
    simulator
        .mutations()
        .updateRegistry(system.registryId(), registry -> registry.remove("identity"));

    AzureWriteResult result = healer.reassignIdentity(registry(system), null);

    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(body(only("registries.update")))
        .isEqualTo(JSON.readTree("{\"identity\":{\"type\":\"SystemAssigned\"}}"));
    assertThat(registryDocument(system).at("/identity/principalId").asText()).isNotBlank();
  }

  @Test
  void reassignFailureKeepsStatusCodeAndRequestId() {
    simulator.mutations().detachIdentity(user.registryId(), user.identityId());
    simulator
        .faults()
        .inject(FaultRule.forOperation("registries.update", Fault.authorizationFailed()));

    AzureWriteResult result = healer.reassignIdentity(registry(user), identity(user));

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.operation()).isEqualTo("registries.update");
    assertThat(result.httpStatus()).isEqualTo(403);
    assertThat(result.errorCode()).isEqualTo("AuthorizationFailed");
    assertThat(result.requestId()).isNotBlank();
    assertThat(result.describe())
        .startsWith("registries.update failed with HTTP 403 (AuthorizationFailed): ")
        .endsWith("; request ID " + result.requestId());
  }

  @Test
  void failedReadBeforeWriteSendsNoWrite() {
    simulator.mutations().detachIdentity(user.registryId(), user.identityId());
    simulator
        .faults()
        .inject(
            FaultRule.forOperation(
                "registries.get", Fault.serviceUnavailable(Duration.ofSeconds(1))));

    AzureWriteResult result = healer.reassignIdentity(registry(user), identity(user));

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.operation()).isEqualTo("registries.get");
    assertThat(result.httpStatus()).isEqualTo(503);
    assertThat(writes()).isEmpty();
  }

  @Test
  void bypassPatchChangesOnlyBypass() throws Exception {
    simulator
        .mutations()
        .updateVault(
            user.vaultId(),
            vault -> {
              vault.putObject("tags").put("owner", "platform").put("cost-center", "4711");
              ObjectNode acls = ((ObjectNode) vault.get("properties")).putObject("networkAcls");
              acls.put("bypass", "None");
              acls.put("defaultAction", "Deny");
              acls.putArray("ipRules").addObject().put("value", "203.0.113.0/24");
              acls.putArray("virtualNetworkRules")
                  .addObject()
                  .put(
                      "id",
                      "/subscriptions/"
                          + user.subscriptionId()
                          + "/resourcegroups/rg-net/providers/microsoft.network/virtualnetworks"
                          + "/vnet/subnets/aks")
                  .put("ignoreMissingVnetServiceEndpoint", false);
            });
    ObjectNode before = vaultDocument(user);

    AzureWriteResult result = healer.enableTrustedServicesBypass(vault(user));

    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(result.requestId()).isNotBlank();
    ObjectNode expectedAcls = ((ObjectNode) before.at("/properties/networkAcls")).deepCopy();
    expectedAcls.put("bypass", "AzureServices");
    assertThat(body(only("vaults.update")))
        .isEqualTo(
            JSON.createObjectNode()
                .set("properties", JSON.createObjectNode().set("networkAcls", expectedAcls)));
    assertThat(simulator.requestLog().count("vaults.createOrUpdate")).isZero();
    ObjectNode expected = before.deepCopy();
    ((ObjectNode) expected.at("/properties/networkAcls")).put("bypass", "AzureServices");
    ObjectNode after = vaultDocument(user);
    assertThat(after.get("tags").toString()).isEqualTo(before.get("tags").toString());
    assertThat(after.at("/properties/accessPolicies").toString())
        .isEqualTo(before.at("/properties/accessPolicies").toString());
    assertThat(after.at("/properties/networkAcls/ipRules").toString())
        .isEqualTo(before.at("/properties/networkAcls/ipRules").toString());
    assertThat(after.at("/properties/networkAcls/virtualNetworkRules").toString())
        .isEqualTo(before.at("/properties/networkAcls/virtualNetworkRules").toString());
    assertThat(after).isEqualTo(expected);
  }

  @Test
  void bypassAlreadyOnSendsNothing() {
    simulator.mutations().setNetworkAcls(user.vaultId(), "Deny", "AzureServices");

    AzureWriteResult result = healer.enableTrustedServicesBypass(vault(user));

    assertThat(result.outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(writes()).isEmpty();
  }

  @Test
  void rotatePatchesOnlyEncryption() throws Exception {
    String versionless = user.vaultUri() + "keys/" + user.keyName();
    String pinned = versionless + "/" + user.keyVersions().get(0);
    simulator
        .mutations()
        .updateRegistry(
            user.registryId(),
            registry ->
                ((ObjectNode) registry.at("/properties/encryption/keyVaultProperties"))
                    .put("keyIdentifier", pinned)
                    .put("versionedKeyIdentifier", pinned));

    AzureWriteResult result = healer.rotateKey(registry(user), versionless);

    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(body(only("registries.update")))
        .isEqualTo(
            JSON.readTree(
                "{\"properties\":{\"encryption\":{\"status\":\"enabled\",\"keyVaultProperties\":"
                    + "{\"keyIdentifier\":\""
                    + versionless
                    + "\",\"identity\":\""
                    + user.clientId()
                    + "\"}}}}"));
    assertThat(
            registryDocument(user)
                .at("/properties/encryption/keyVaultProperties/versionedKeyIdentifier")
                .asText())
        .endsWith("/" + user.currentKeyVersion());
  }

  @Test
  void rotateOfRegistryWithoutCustomerKeySendsNothing() {
    simulator
        .mutations()
        .updateRegistry(
            user.registryId(),
            registry -> ((ObjectNode) registry.get("properties")).remove("encryption"));

    AzureWriteResult result = healer.rotateKey(registry(user), user.keyIdentifier());

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail()).contains("has no customer-managed key");
    assertThat(writes()).isEmpty();
  }

  @Test
  void recoverBringsSoftDeletedKeyBack() {
    simulator.mutations().keys().softDelete(user.vaultName(), user.keyName());

    AzureWriteResult result =
        healer.recoverDeletedKey(vault(user), user.vaultUri(), user.keyName());

    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    RecordedRequest recover = only("dataplane.deletedKeys.recover");
    assertThat(recover.method()).isEqualTo("POST");
    assertThat(recover.path()).isEqualTo("/deletedkeys/" + user.keyName() + "/recover");
    assertThat(simulator.state().key(user.vaultName(), user.keyName())).isPresent();
  }

  @Test
  void recoverRefusedByKeyVaultKeepsInnerCode() {
    simulator.mutations().keys().softDelete(user.vaultName(), user.keyName());
    simulator
        .faults()
        .inject(
            FaultRule.forOperation(
                "dataplane.deletedKeys.recover",
                Fault.keyVaultForbidden(
                    "ForbiddenByPolicy",
                    "The user, group or application does not have keys recover permission.")));

    AzureWriteResult result =
        healer.recoverDeletedKey(vault(user), user.vaultUri(), user.keyName());

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.httpStatus()).isEqualTo(403);
    assertThat(result.errorCode()).isEqualTo("ForbiddenByPolicy");
    assertThat(result.requestId()).isNotBlank();
  }

  @Test
  void recoverOfLiveKeyFailsAsNotFound() {
    AzureWriteResult result =
        healer.recoverDeletedKey(vault(user), user.vaultUri(), user.keyName());

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.httpStatus()).isEqualTo(404);
    assertThat(result.errorCode()).isEqualTo("KeyNotFound");
  }

  @Test
  void recoverRejectsVaultUriOutsideTheCloud() {
    AzureWriteResult result =
        healer.recoverDeletedKey(vault(user), "https://example.com/", user.keyName());

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.detail()).startsWith("not sent: ");
    assertThat(simulator.requests()).isEmpty();
  }

  @Test
  void bypassDropsCachedVaultOfSharingLoader() {
    AzureSnapshotLoader loader = cachedLoader();
    simulator.mutations().setNetworkAcls(system.vaultId(), "Deny", "None");
    assertThat(bypass(loader.load(LoaderFixture.target(system), CACHE_AGE))).isEqualTo("None");

    AzureWriteResult result =
        AzureHealer.sharing(loader).enableTrustedServicesBypass(vault(system));

    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(bypass(loader.load(LoaderFixture.target(system), CACHE_AGE)))
        .isEqualTo("AzureServices");
  }

  @Test
  void failedBypassStillDropsCachedVault() {
    AzureSnapshotLoader loader = cachedLoader();
    simulator.mutations().setNetworkAcls(system.vaultId(), "Deny", "None");
    simulator.faults().inject(FaultRule.forOperation("vaults.update", Fault.authorizationFailed()));
    loader.load(LoaderFixture.target(system), CACHE_AGE);
    long vaultReads = simulator.requestLog().count("vaults.get");

    AzureWriteResult result =
        AzureHealer.sharing(loader).enableTrustedServicesBypass(vault(system));
    loader.load(LoaderFixture.target(system), CACHE_AGE);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(simulator.requestLog().count("vaults.get"))
        .as("the healer's own read and the load after the write")
        .isEqualTo(vaultReads + 2);
  }

  @Test
  void recoveryDropsCachedKeyOfSharingLoader() {
    AzureSnapshotLoader loader = cachedLoader();
    simulator.mutations().keys().softDelete(user.vaultName(), user.keyName());
    AzureSnapshot deleted = loader.load(LoaderFixture.target(user), CACHE_AGE);
    assertThat(deleted.key().isNotFound()).isTrue();
    assertThat(deleted.deletedKey().isFound()).isTrue();

    AzureWriteResult result =
        AzureHealer.sharing(loader).recoverDeletedKey(vault(user), user.vaultUri(), user.keyName());

    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    AzureSnapshot recovered = loader.load(LoaderFixture.target(user), CACHE_AGE);
    assertThat(recovered.key().isFound()).isTrue();
    assertThat(recovered.deletedKey().isFound()).isFalse();
  }

  @Test
  void registryWriteKeepsCachedVault() {
    AzureSnapshotLoader loader = cachedLoader();
    simulator.mutations().detachIdentity(user.registryId(), user.identityId());
    loader.load(LoaderFixture.target(user), CACHE_AGE);
    long vaultReads = simulator.requestLog().count("vaults.get");

    AzureHealer.sharing(loader).reassignIdentity(registry(user), identity(user));
    loader.load(LoaderFixture.target(user), CACHE_AGE);

    assertThat(simulator.requestLog().count("vaults.get")).isEqualTo(vaultReads);
    assertThat(simulator.requestLog().count("registries.get"))
        .as("the first load, the healer's own read and the load after the write")
        .isEqualTo(3);
  }

  /** Returns a loader whose shared reads go through a cache with the default time to live. */
  private static AzureSnapshotLoader cachedLoader() {
    return new AzureSnapshotLoader(
        simulator.connection(),
        LoaderFixture.FAST_RETRIES,
        Clock.systemUTC(),
        null,
        new SharedReadCache(SharedReadCache.DEFAULT_TTL));
  }

  private static String bypass(AzureSnapshot snapshot) {
    return snapshot.vault().valueOrNull().networkAcls().bypass();
  }

  private static ResourceId registry(CmkSetup setup) {
    return ResourceId.parse(setup.registryId(), ResourceId.REGISTRY_TYPE);
  }

  private static ResourceId vault(CmkSetup setup) {
    return ResourceId.parse(setup.vaultId(), ResourceId.VAULT_TYPE);
  }

  private static ResourceId identity(CmkSetup setup) {
    return ResourceId.parse(setup.identityId(), ResourceId.IDENTITY_TYPE);
  }

  private static ObjectNode registryDocument(CmkSetup setup) {
    return simulator.state().require(REGISTRY, setup.registryId());
  }

  private static ObjectNode vaultDocument(CmkSetup setup) {
    return simulator.state().require(VAULT, setup.vaultId());
  }

  /** Returns the one request of {@code operation}, leaving out Key Vault's 401 challenges. */
  private static RecordedRequest only(String operation) {
    List<RecordedRequest> requests =
        simulator
            .requestLog()
            .matching(request -> request.operation().equals(operation) && request.status() != 401);
    assertThat(requests).as("requests of %s", operation).hasSize(1);
    return requests.get(0);
  }

  private static List<RecordedRequest> writes() {
    return simulator.requestLog().matching(request -> WRITE_METHODS.contains(request.method()));
  }

  private static JsonNode body(RecordedRequest request) throws Exception {
    return JSON.readTree(request.body());
  }

  /** Escapes a map key for a JSON pointer. */
  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
