package io.acrcmk.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.api.HealingMode;
import io.acrcmk.operator.api.HealingSpec;
import io.acrcmk.operator.api.IdentityReference;
import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.api.KeyReference;
import io.acrcmk.operator.api.KeyVaultReference;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.api.RegistryEncryptionPolicySpec;
import io.acrcmk.operator.api.RegistryEncryptionPolicyStatus;
import io.acrcmk.operator.api.RegistryReference;
import io.acrcmk.operator.azure.AzureHealer;
import io.acrcmk.operator.azure.AzureRetryOptions;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.controller.LeaderElectionSettings;
import io.acrcmk.operator.controller.OperatorSettings;
import io.acrcmk.operator.controller.PolicyOperator;
import io.acrcmk.operator.heal.HealingOptions;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.HealthySetup;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes.ApiRequest;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Azure simulator seeded with several healthy CMK setups and the embedded Kubernetes API, plus
 * operators started against them, each with its own client whose User-Agent names the operator.
 */
final class KubeFixture implements AutoCloseable {

  static final String NAMESPACE = "platform";

  /** An upper bound for "it finished", far above the few seconds a check takes. */
  static final Duration WAIT = Duration.ofSeconds(20);

  private static final AzureRetryOptions AZURE_RETRIES =
      new AzureRetryOptions(1, Duration.ofMillis(10), Duration.ofSeconds(1));

  final AzureSimulator azure;
  final EmbeddedKubernetes kubernetes;
  final KubernetesClient client;
  final List<CmkSetup> setups = new ArrayList<>();

  /** How far apart fabric8 starts its retries of a request that failed with 5xx. */
  int clientRetryBackoffMillis = Config.DEFAULT_REQUEST_RETRY_BACKOFFINTERVAL;

  private final List<PolicyOperator> operators = new ArrayList<>();
  private final List<NamespacedKubernetesClient> clients = new ArrayList<>();

  private KubeFixture(int setupCount) {
    azure = AzureSimulator.start();
    kubernetes = EmbeddedKubernetes.start();
    client = kubernetes.client();
    for (int i = 1; i <= setupCount; i++) {
      setups.add(
          HealthySetup.builder()
              .registryName("acrkube" + i)
              .vaultName("kv-kube-" + i)
              .identityName("id-kube-" + i)
              .seed(azure));
    }
  }

  /** Starts both servers and seeds {@code setupCount} healthy setups. */
  static KubeFixture start(int setupCount) {
    return new KubeFixture(setupCount);
  }

  /**
   * Builds an operator named {@code identity} with its own client, not yet started. It heals when
   * {@code heals} is set, and checks each policy every {@code interval}, or at the policy's own
   * interval when null.
   */
  PolicyOperator operator(
      String identity, LeaderElectionSettings lease, boolean heals, Duration interval) {
    NamespacedKubernetesClient own = kubernetes.newClient(identity, clientRetryBackoffMillis);
    clients.add(own);
    AzureSnapshotLoader loader =
        new AzureSnapshotLoader(
            azure.connection(Duration.ofSeconds(5)), AZURE_RETRIES, Clock.systemUTC());
    HealingOptions healing =
        heals ? HealingOptions.of(AzureHealer.sharing(loader)) : HealingOptions.observeOnly();
    PolicyOperator operator =
        PolicyOperator.create(
            own,
            loader,
            healing,
            OperatorSettings.defaults().withCheckIntervalOverride(interval),
            lease,
            Clock.systemUTC());
    operators.add(operator);
    return operator;
  }

  /** Builds and starts an observing operator without leader election. */
  PolicyOperator startOperator(String identity, Duration interval) {
    PolicyOperator operator = operator(identity, null, false, interval);
    operator.start();
    return operator;
  }

  /** Creates a versionless policy named {@code name} for {@code setup} that never heals. */
  RegistryEncryptionPolicy create(String name, CmkSetup setup) {
    return create(name, setup, HealingMode.Disabled, List.of());
  }

  /** Creates a versionless policy named {@code name} for {@code setup}. */
  RegistryEncryptionPolicy create(
      String name, CmkSetup setup, HealingMode mode, List<HealAction> actions) {
    return client.resource(policy(name, setup, mode, actions)).create();
  }

  static RegistryEncryptionPolicy policy(
      String name, CmkSetup setup, HealingMode mode, List<HealAction> actions) {
    RegistryEncryptionPolicySpec spec = new RegistryEncryptionPolicySpec();
    spec.setRegistry(new RegistryReference(setup.registryId()));
    spec.setKeyVault(new KeyVaultReference(setup.vaultId()));
    spec.setKey(new KeyReference(setup.keyName(), null));
    spec.setIdentity(new IdentityReference(IdentityType.UserAssigned, setup.identityId()));
    HealingSpec healing = new HealingSpec();
    healing.setMode(mode);
    healing.setActions(List.copyOf(actions));
    spec.setHealing(healing);
    RegistryEncryptionPolicy policy = new RegistryEncryptionPolicy();
    policy.getMetadata().setName(name);
    policy.getMetadata().setNamespace(NAMESPACE);
    policy.setSpec(spec);
    return policy;
  }

  /** Returns the stored policy, or null when it does not exist. */
  RegistryEncryptionPolicy get(String name) {
    return client
        .resources(RegistryEncryptionPolicy.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .get();
  }

  /** Changes the policy's spec, which raises its generation, and returns the stored policy. */
  RegistryEncryptionPolicy changeKeyExpiryWarning(String name, String warning) {
    return client
        .resources(RegistryEncryptionPolicy.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .edit(
            policy -> {
              policy.getSpec().setKeyExpiryWarning(warning);
              return policy;
            });
  }

  /**
   * Waits until the policy's status matches a healthy setup at its current generation: every
   * condition True with that generation, and status.observedGeneration equal to it.
   */
  RegistryEncryptionPolicyStatus awaitHealthy(String name) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .untilAsserted(() -> assertHealthy(get(name)));
    return get(name).getStatus();
  }

  /** Asserts that the stored status reports a healthy setup at the policy's generation. */
  static void assertHealthy(RegistryEncryptionPolicy policy) {
    assertThat(policy).as("policy exists").isNotNull();
    Long generation = policy.getMetadata().getGeneration();
    RegistryEncryptionPolicyStatus status = policy.getStatus();
    String name = policy.getMetadata().getName();
    assertThat(status).as("status of %s", name).isNotNull();
    assertThat(status.getObservedGeneration())
        .as("observedGeneration of %s", name)
        .isEqualTo(generation);
    assertThat(status.getConditions())
        .as("condition types of %s", name)
        .extracting(Condition::getType)
        .containsExactlyInAnyOrderElementsOf(allConditionTypes());
    for (Condition condition : status.getConditions()) {
      assertThat(condition.getStatus()).as("%s of %s", condition.getType(), name).isEqualTo("True");
      assertThat(condition.getObservedGeneration())
          .as("%s observedGeneration of %s", condition.getType(), name)
          .isEqualTo(generation);
    }
  }

  private static List<String> allConditionTypes() {
    List<String> types = new ArrayList<>(ConditionTypes.CHECKED);
    types.add(ConditionTypes.READY);
    return types;
  }

  /** Returns the condition of {@code type}, or null. */
  static Condition condition(RegistryEncryptionPolicyStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  /** Returns a regex for the path of a policy's status subresource, with any query string. */
  static String statusPath(String name) {
    return "/apis/acrcmk\\.io/v1alpha1/namespaces/"
        + NAMESPACE
        + "/registryencryptionpolicies/"
        + name
        + "/status(\\?.*)?";
  }

  /** Returns the PATCH requests the API server received for a policy's status, oldest first. */
  List<ApiRequest> statusPatches(String name) {
    String path = statusPath(name);
    return kubernetes.requests().stream()
        .filter(request -> "PATCH".equals(request.method()) && request.path().matches(path))
        .toList();
  }

  /** Counts the status patches the API server accepted, by the User-Agent that sent them. */
  Map<String, Long> acceptedStatusPatchesByClient() {
    return kubernetes.requests().stream()
        .filter(request -> "PATCH".equals(request.method()))
        .filter(request -> request.path().matches(statusPath("[^/]+")))
        .filter(request -> request.status() < 300)
        .collect(Collectors.groupingBy(ApiRequest::userAgent, Collectors.counting()));
  }

  @Override
  public void close() {
    for (PolicyOperator operator : operators) {
      operator.close();
    }
    for (NamespacedKubernetesClient own : clients) {
      own.close();
    }
    kubernetes.close();
    azure.close();
  }
}
