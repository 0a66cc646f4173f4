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
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.SnapshotSource;
import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.HealthySetup;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs several operator instances on one Kubernetes API server, as deployments that split a fleet,
 * and checks that each checks exactly the policies its namespaces and label selector match. Each
 * policy names its own registry, so the registries an instance reads tell which policies it
 * checked.
 *
 * <p>fabric8's mock API server evaluates equality requirements and {@code !key}, but not set-based
 * requirements such as {@code shard in (blue,green)}. For those, the test checks that the operator
 * sends the selector unchanged in its list and watch requests, because the API server does the
 * selection.
 */
class ShardingTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static AzureSimulator azure;
  private static EmbeddedKubernetes kubernetes;
  private static KubernetesClient client;
  private static CmkSetup setup;

  private final List<PolicyOperator> operators = new ArrayList<>();

  @BeforeAll
  static void startServers() {
    azure = AzureSimulator.start();
    kubernetes = EmbeddedKubernetes.start();
    client = kubernetes.client();
    setup = HealthySetup.builder().seed(azure);
  }

  @AfterAll
  static void stopServers() {
    kubernetes.close();
    azure.close();
  }

  @AfterEach
  void stopOperators() {
    operators.forEach(PolicyOperator::close);
    client.resources(RegistryEncryptionPolicy.class).inAnyNamespace().delete();
  }

  @Test
  void eachShardChecksOnlyItsPolicies() {
    create("team-a", "alpha1", Map.of("shard", "red"));
    create("team-b", "bravo1", Map.of("shard", "red"));
    create("shared", "blue01", Map.of("shard", "blue"));
    create("shared", "green01", Map.of("shard", "green"));
    create("shared", "plain01", Map.of());
    create("elsewhere", "stray01", Map.of("shard", "red"));
    Set<String> byNamespace = start(client, Set.of("team-a", "team-b"), null);
    Set<String> byLabel = start(client, Set.of(), "shard=blue");
    Set<String> unlabelled = start(client, Set.of(), "!shard");
    Set<String> greenInShared = start(client, Set.of("shared"), "shard=green");

    create("team-a", "alpha2", Map.of("shard", "red"));
    create("shared", "blue02", Map.of("shard", "blue"));
    create("shared", "plain02", Map.of("team", "platform"));
    create("shared", "red01", Map.of("shard", "red"));

    List<String> selected =
        List.of("alpha1", "bravo1", "alpha2", "blue01", "blue02", "plain01", "plain02", "green01");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(selected)
                    .allSatisfy(name -> assertThat(lastCheckTime(name)).as(name).isNotNull()));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () -> {
              assertThat(byNamespace).containsExactlyInAnyOrder("alpha1", "bravo1", "alpha2");
              assertThat(byLabel).containsExactlyInAnyOrder("blue01", "blue02");
              assertThat(unlabelled).containsExactlyInAnyOrder("plain01", "plain02");
              assertThat(greenInShared).containsExactly("green01");
              assertThat(lastCheckTime("red01")).as("red01, which no shard selects").isNull();
              assertThat(lastCheckTime("stray01")).as("stray01, which no shard selects").isNull();
            });
  }

  @Test
  void namespaceAndLabelSelectorCombine() {
    create("team-a", "teamablue", Map.of("shard", "blue"));
    create("team-a", "teamared", Map.of("shard", "red"));
    create("team-b", "teambblue", Map.of("shard", "blue"));
    Set<String> checked = start(client, Set.of("team-a"), "shard=blue");

    await().atMost(WAIT).until(() -> lastCheckTime("teamablue") != null);

    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () -> {
              assertThat(checked).containsExactly("teamablue");
              assertThat(lastCheckTime("teamared")).isNull();
              assertThat(lastCheckTime("teambblue")).isNull();
            });
  }

  @Test
  void overlappingShardsBothCheck() {
    create("team-a", "overlap01", Map.of("shard", "blue"));
    Set<String> byNamespace = start(client, Set.of("team-a"), null);
    Set<String> byLabel = start(client, Set.of(), "shard=blue");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(byNamespace).containsExactly("overlap01");
              assertThat(byLabel).containsExactly("overlap01");
            });
  }

  @Test
  void setBasedSelectorGoesToApiServer() {
    List<String> requests = new CopyOnWriteArrayList<>();
    Interceptor recorder =
        new Interceptor() {
          @Override
          public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            requests.add(URLDecoder.decode(request.uri().toString(), StandardCharsets.UTF_8));
          }
        };
    try (KubernetesClient recorded =
        new KubernetesClientBuilder()
            .withConfig(client.getConfiguration())
            .withHttpClientBuilderConsumer(
                builder -> builder.addOrReplaceInterceptor("record", recorder))
            .build()) {
      start(recorded, Set.of("team-a", "team-b"), "shard in (blue,green)");

      List<String> policyRequests =
          requests.stream().filter(uri -> uri.contains("/registryencryptionpolicies")).toList();

      assertThat(policyRequests)
          .as("list and watch requests")
          .isNotEmpty()
          .allSatisfy(uri -> assertThat(uri).contains("labelSelector=shard in (blue,green)"));
      assertThat(policyRequests)
          .anySatisfy(uri -> assertThat(uri).contains("/namespaces/team-a/"))
          .anySatisfy(uri -> assertThat(uri).contains("/namespaces/team-b/"))
          .allSatisfy(uri -> assertThat(uri).containsPattern("/namespaces/team-[ab]/"));
      // The operator must stop before the client it uses closes.
      operators.forEach(PolicyOperator::close);
      operators.clear();
    }
  }

  /**
   * Starts an operator instance without leader election that watches {@code namespaces} (all when
   * empty) and policies matching {@code labelSelector}, and returns the names of the policies it
   * checks as it checks them.
   */
  private Set<String> start(
      KubernetesClient kubernetesClient, Set<String> namespaces, String labelSelector) {
    Set<String> checked = ConcurrentHashMap.newKeySet();
    AzureSnapshotLoader loader = new AzureSnapshotLoader(azure.connection(Duration.ofSeconds(5)));
    SnapshotSource recording =
        new SnapshotSource() {
          @Override
          public AzureSnapshot load(PolicyTarget target) {
            checked.add(target.registry().name());
            return loader.load(target);
          }

          @Override
          public AzureSnapshot load(PolicyTarget target, Duration maxAge) {
            checked.add(target.registry().name());
            return loader.load(target, maxAge);
          }
        };
    OperatorSettings settings =
        new OperatorSettings(
            namespaces,
            labelSelector,
            OperatorSettings.DEFAULT_CONCURRENCY,
            null,
            Duration.ofMinutes(10));
    PolicyOperator operator =
        PolicyOperator.create(kubernetesClient, recording, settings, null, Clock.systemUTC());
    operators.add(operator);
    operator.start();
    return checked;
  }

  /**
   * Creates a policy named {@code name} whose registry has the same name, so that the registry an
   * operator reads names the policy it checks. Names are therefore valid registry names too: 5 to
   * 50 letters and digits. Only the seeded registry exists, and a check of any other completes with
   * RegistryNotFound.
   */
  private static void create(String namespace, String name, Map<String, String> labels) {
    RegistryEncryptionPolicySpec spec = new RegistryEncryptionPolicySpec();
    String registryId =
        setup.registryId().substring(0, setup.registryId().lastIndexOf('/') + 1) + name;
    spec.setRegistry(new RegistryReference(registryId));
    spec.setKeyVault(new KeyVaultReference(setup.vaultId()));
    spec.setKey(new KeyReference(setup.keyName(), null));
    spec.setIdentity(new IdentityReference(IdentityType.UserAssigned, setup.identityId()));
    RegistryEncryptionPolicy policy = new RegistryEncryptionPolicy();
    policy.getMetadata().setName(name);
    policy.getMetadata().setNamespace(namespace);
    policy.getMetadata().setLabels(labels);
    policy.setSpec(spec);
    client.resource(policy).create();
  }

  /** Returns the last check time of the policy named {@code name} in any namespace, or null. */
  private static String lastCheckTime(String name) {
    return client
        .resources(RegistryEncryptionPolicy.class)
        .inAnyNamespace()
        .list()
        .getItems()
        .stream()
        .filter(policy -> policy.getMetadata().getName().equals(name))
        .findFirst()
        .map(policy -> policy.getStatus() == null ? null : policy.getStatus().getLastCheckTime())
        .orElse(null);
  }
}
