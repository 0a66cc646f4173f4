package io.acrcmk.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.acrcmk.operator.api.IdentityReference;
import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.api.KeyReference;
import io.acrcmk.operator.api.KeyVaultReference;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.api.RegistryEncryptionPolicySpec;
import io.acrcmk.operator.api.RegistryReference;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.Fault;
import io.acrcmk.operator.sandbox.FaultRule;
import io.acrcmk.operator.sandbox.HealthySetup;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler in the real java-operator-sdk runtime, against fabric8's CRUD mock API server and
 * the Azure simulator read through the real Azure SDK.
 */
class RegistryEncryptionPolicyReconcilerTest {

  private static final String NAMESPACE = "platform";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private AzureSimulator azure;
  private EmbeddedKubernetes kubernetes;
  private KubernetesClient client;
  private PolicyOperator operator;
  private CmkSetup setup;

  @BeforeEach
  void startServers() {
    azure = AzureSimulator.start();
    kubernetes = EmbeddedKubernetes.start();
    client = kubernetes.client();
    setup = HealthySetup.builder().seed(azure);
  }

  @AfterEach
  void stopServers() {
    if (operator != null) {
      operator.close();
    }
    kubernetes.close();
    azure.close();
  }

  @Test
  void healthyRegistryBecomesReady() {
    startOperator(Duration.ofSeconds(1));
    client.resource(policy("prod", spec())).create();

    RegistryEncryptionPolicy ready = awaitCondition("prod", "Ready", "True");

    assertThat(ready.getStatus().getConditions()).hasSize(7);
    for (Condition condition : ready.getStatus().getConditions()) {
      assertThat(condition.getStatus()).as(condition.getType()).isEqualTo("True");
      assertThat(condition.getReason()).as(condition.getType()).isNotBlank();
      assertThat(condition.getMessage()).as(condition.getType()).isNotBlank();
      assertThat(condition.getObservedGeneration()).as(condition.getType()).isEqualTo(1L);
    }
    assertThat(ready.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(ready.getStatus().getRegistryName()).isEqualTo(setup.registryName());
    assertThat(ready.getStatus().getKeyVersion()).isEqualTo(setup.currentKeyVersion());
    assertThat(ready.getStatus().getLastCheckTime()).isNotBlank();
  }

  @Test
  void transitionTimeKeptAcrossReconciles() {
    startOperator(Duration.ofSeconds(1));
    client.resource(policy("prod", spec())).create();
    RegistryEncryptionPolicy first = awaitCondition("prod", "Ready", "True");
    String firstCheck = first.getStatus().getLastCheckTime();
    String transition = condition(first, "Ready").getLastTransitionTime();

    await()
        .atMost(WAIT)
        .until(() -> !firstCheck.equals(get("prod").getStatus().getLastCheckTime()));

    RegistryEncryptionPolicy second = get("prod");
    for (Condition condition : second.getStatus().getConditions()) {
      assertThat(condition.getLastTransitionTime()).as(condition.getType()).isEqualTo(transition);
    }
  }

  @Test
  void detachedIdentityTurnsOnlyIdentityFalse() {
    startOperator(Duration.ofSeconds(1));
    client.resource(policy("prod", spec())).create();
    RegistryEncryptionPolicy healthy = awaitCondition("prod", "Ready", "True");
    String registryTransition = condition(healthy, "RegistryEncrypted").getLastTransitionTime();
    sleepPastOneSecond();

    azure.mutations().detachIdentity(setup.registryId(), setup.identityId());

    RegistryEncryptionPolicy broken = awaitCondition("prod", "IdentityHealthy", "False");
    Condition identity = condition(broken, "IdentityHealthy");
    assertThat(identity.getReason()).isEqualTo("IdentityNotAssigned");
    assertThat(identity.getMessage()).contains("az acr identity assign");
    assertThat(identity.getLastTransitionTime())
        .isNotEqualTo(condition(healthy, "IdentityHealthy").getLastTransitionTime());
    assertThat(condition(broken, "RegistryEncrypted").getLastTransitionTime())
        .isEqualTo(registryTransition);
    Condition ready = condition(awaitCondition("prod", "Ready", "False"), "Ready");
    assertThat(ready.getReason()).isEqualTo("IdentityNotAssigned");
    await().atMost(WAIT).until(() -> warningEvents("IdentityNotAssigned").size() == 1);
  }

  @Test
  void steadyFaultIsAnnouncedOnce() {
    startOperator(Duration.ofSeconds(1));
    azure.mutations().detachIdentity(setup.registryId(), setup.identityId());
    client.resource(policy("prod", spec())).create();
    RegistryEncryptionPolicy broken = awaitCondition("prod", "IdentityHealthy", "False");
    String firstCheck = broken.getStatus().getLastCheckTime();

    await()
        .atMost(WAIT)
        .until(() -> !firstCheck.equals(get("prod").getStatus().getLastCheckTime()));

    assertThat(warningEvents("IdentityNotAssigned")).hasSize(1);
  }

  @Test
  void specChangeIsCheckedAtOnce() {
    startOperator(null);
    client.resource(policy("prod", spec())).create();
    awaitCondition("prod", "Ready", "True");

    RegistryEncryptionPolicy edited = get("prod");
    edited.getSpec().setKeyExpiryWarning("48h");
    client.resource(edited).update();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Long.valueOf(2L).equals(get("prod").getStatus().getObservedGeneration()));
    assertThat(condition(get("prod"), "KeyUsable").getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void unusableSpecStallsWithInvalidSpec() {
    startOperator(Duration.ofSeconds(1));
    RegistryEncryptionPolicySpec spec = spec();
    spec.setCheckInterval("10s");
    client.resource(policy("prod", spec)).create();

    RegistryEncryptionPolicy invalid = awaitCondition("prod", "Ready", "False");

    Condition ready = condition(invalid, "Ready");
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(ready.getMessage()).contains("spec.checkInterval must be at least 30s");
    assertThat(condition(invalid, "KeyUsable").getStatus()).isEqualTo("Unknown");
    assertThat(azure.requests()).as("no Azure read for an unusable spec").isEmpty();
  }

  @Test
  void suspendedPolicyIsNotChecked() {
    startOperator(Duration.ofSeconds(1));
    RegistryEncryptionPolicySpec spec = spec();
    spec.setSuspend(true);
    client.resource(policy("prod", spec)).create();

    RegistryEncryptionPolicy suspended = awaitCondition("prod", "Ready", "Unknown");

    assertThat(condition(suspended, "Ready").getReason()).isEqualTo("Suspended");
    assertThat(azure.requests()).isEmpty();
  }

  @Test
  void azureOutageIsUnknownNotFalse() {
    startOperator(Duration.ofSeconds(1));
    azure.faults().inject(FaultRule.forOperation("registries.get", Fault.serviceUnavailable(null)));
    client.resource(policy("prod", spec())).create();

    RegistryEncryptionPolicy unknown = awaitCondition("prod", "Ready", "Unknown");

    Condition registry = condition(unknown, "RegistryEncrypted");
    assertThat(registry.getStatus()).isEqualTo("Unknown");
    assertThat(registry.getReason()).isEqualTo("AzureUnavailable");
    assertThat(unknown.getStatus().getConditions()).noneMatch(c -> "False".equals(c.getStatus()));
  }

  @Test
  void outageKeepsLastKnownFacts() {
    startOperator(Duration.ofSeconds(1));
    client.resource(policy("prod", spec())).create();
    RegistryEncryptionPolicy healthy = awaitCondition("prod", "Ready", "True");
    String keyVersion = healthy.getStatus().getKeyVersion();
    assertThat(keyVersion).isNotBlank();

    azure.faults().inject(FaultRule.forOperation("registries.get", Fault.serviceUnavailable(null)));
    RegistryEncryptionPolicy unknown = awaitCondition("prod", "Ready", "Unknown");

    Condition registry = condition(unknown, "RegistryEncrypted");
    assertThat(registry.getReason()).isEqualTo("AzureUnavailable");
    assertThat(registry.getMessage())
        .endsWith(
            "Last known: True (Encrypted) since "
                + condition(healthy, "RegistryEncrypted").getLastTransitionTime()
                + ".");
    assertThat(unknown.getStatus().getKeyVersion()).isEqualTo(keyVersion);
  }

  @Test
  void recoversWhenOutageEnds() {
    startOperator(Duration.ofSeconds(1));
    azure.faults().inject(FaultRule.forOperation("vaults.get", Fault.internalServerError()));
    client.resource(policy("prod", spec())).create();
    awaitCondition("prod", "Ready", "Unknown");

    azure.faults().clear();

    awaitCondition("prod", "Ready", "True");
  }

  @Test
  void policyDeletedWhileCheckedLeavesOthersWorking() {
    startOperator(Duration.ofSeconds(1));
    client.resource(policy("doomed", spec())).create();
    client.resource(policy("kept", spec())).create();
    awaitCondition("doomed", "Ready", "True");

    client.resource(get("doomed")).delete();

    String lastCheck = awaitCondition("kept", "Ready", "True").getStatus().getLastCheckTime();
    await().atMost(WAIT).until(() -> !lastCheck.equals(get("kept").getStatus().getLastCheckTime()));
    assertThat(
            client
                .resources(RegistryEncryptionPolicy.class)
                .inNamespace(NAMESPACE)
                .list()
                .getItems())
        .hasSize(1);
  }

  private void startOperator(Duration intervalOverride) {
    OperatorSettings settings =
        OperatorSettings.defaults().withCheckIntervalOverride(intervalOverride);
    operator =
        PolicyOperator.create(
            client,
            new AzureSnapshotLoader(azure.connection(Duration.ofSeconds(5))),
            settings,
            null,
            Clock.systemUTC());
    operator.start();
  }

  private RegistryEncryptionPolicySpec spec() {
    RegistryEncryptionPolicySpec spec = new RegistryEncryptionPolicySpec();
    spec.setRegistry(new RegistryReference(setup.registryId()));
    spec.setKeyVault(new KeyVaultReference(setup.vaultId()));
    spec.setKey(new KeyReference(setup.keyName(), null));
    spec.setIdentity(new IdentityReference(IdentityType.UserAssigned, setup.identityId()));
    return spec;
  }

  private static RegistryEncryptionPolicy policy(String name, RegistryEncryptionPolicySpec spec) {
    RegistryEncryptionPolicy policy = new RegistryEncryptionPolicy();
    policy.getMetadata().setName(name);
    policy.getMetadata().setNamespace(NAMESPACE);
    policy.setSpec(spec);
    return policy;
  }

  private RegistryEncryptionPolicy get(String name) {
    return client
        .resources(RegistryEncryptionPolicy.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .get();
  }

  private RegistryEncryptionPolicy awaitCondition(String name, String type, String status) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              RegistryEncryptionPolicy policy = get(name);
              if (policy == null || policy.getStatus() == null) {
                return false;
              }
              Condition condition = condition(policy, type);
              return condition != null && status.equals(condition.getStatus());
            });
    return get(name);
  }

  private static Condition condition(RegistryEncryptionPolicy policy, String type) {
    return policy.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  private List<Event> warningEvents(String reason) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> "Warning".equals(e.getType()) && reason.equals(e.getReason()))
        .toList();
  }

  /** Status times have whole seconds, so a transition must happen in a later second to show. */
  private static void sleepPastOneSecond() {
    try {
      Thread.sleep(1100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
