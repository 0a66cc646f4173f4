package io.acrcmk.operator.reliability;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.acrcmk.operator.api.CrdSchemaValidator;
import io.acrcmk.operator.api.GoDuration;
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
import io.acrcmk.operator.azure.AzureConnection;
import io.acrcmk.operator.azure.AzureHealer;
import io.acrcmk.operator.azure.AzureRetryOptions;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.check.HealthChecks;
import io.acrcmk.operator.controller.ConditionEvents;
import io.acrcmk.operator.controller.OperatorSettings;
import io.acrcmk.operator.controller.RegistryEncryptionPolicyReconciler;
import io.acrcmk.operator.event.PolicyEventRecorder;
import io.acrcmk.operator.heal.HealListener;
import io.acrcmk.operator.heal.HealStep;
import io.acrcmk.operator.heal.HealingOptions;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.HealthySetup;
import io.acrcmk.operator.sandbox.RecordedRequest;
import io.acrcmk.operator.sandbox.StateCheckpoint;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes;
import io.acrcmk.operator.testing.ManualClock;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * Runs the production reconciler, healing included, by hand against the Azure simulator and the
 * embedded Kubernetes API server, one reconcile per call. Two reconcilers share the clock: a
 * patient one for the reconciles without a fault and an impatient one, with short timeouts and one
 * retry, for the reconcile with the fault.
 */
final class AzureFaultHarness implements AutoCloseable {

  /**
   * How long one attempt of the faulted reconcile may take: short, so that a hanging response costs
   * little time, but long enough for a loaded machine to serve the reads that are not faulted.
   */
  static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(500);

  /**
   * One retry after a short pause for the faulted reconcile. A Retry-After above 500 ms ends the
   * read as throttled at once, as a longer one does in production above its 10 s limit.
   */
  static final AzureRetryOptions ONE_RETRY =
      new AzureRetryOptions(1, Duration.ofMillis(10), Duration.ofMillis(500));

  /** The attempt timeout of the reconciles without a fault, which must not time out. */
  static final Duration PATIENT_TIMEOUT = Duration.ofSeconds(10);

  static final AzureRetryOptions PATIENT_RETRIES =
      new AzureRetryOptions(2, Duration.ofMillis(10), Duration.ofSeconds(2));

  static final Duration COOLDOWN = Duration.ofMinutes(10);
  static final String NAMESPACE = "platform";

  private static final Set<String> WRITE_METHODS = Set.of("PUT", "PATCH", "POST", "DELETE");
  private static final AtomicInteger POLICY_COUNTER = new AtomicInteger();

  final AzureSimulator simulator;
  final EmbeddedKubernetes kubernetes;
  final CmkSetup accessPolicySetup;
  final CmkSetup rbacSetup;
  final ManualClock clock = new ManualClock(Instant.now());

  private final StateCheckpoint seeded;
  private final CrdSchemaValidator validator = CrdSchemaValidator.forGeneratedCrd();
  private final KubernetesSerialization serialization = new KubernetesSerialization();
  private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();
  private final Set<String> clientAssertions = ConcurrentHashMap.newKeySet();
  private final List<String> writtenStatuses = new CopyOnWriteArrayList<>();
  private final RegistryEncryptionPolicyReconciler patient;
  private RegistryEncryptionPolicyReconciler impatient;

  AzureFaultHarness() {
    simulator = AzureSimulator.start();
    kubernetes = EmbeddedKubernetes.start();
    accessPolicySetup = simulator.seedHealthy();
    rbacSetup =
        HealthySetup.builder()
            .registryName("acrrbac")
            .vaultName("kv-acr-rbac")
            .identityName("id-acr-rbac")
            .rbacVault()
            .seed(simulator);
    seeded = simulator.checkpoint();
    patient = newReconciler(PATIENT_TIMEOUT, PATIENT_RETRIES);
    impatient = newReconciler(ATTEMPT_TIMEOUT, ONE_RETRY);
    warmUp();
  }

  /**
   * Reconciles each setup once with each reconciler and validates the status, so that the first
   * cell does not pay for class loading, the first TLS handshakes and the schema's compilation.
   */
  private void warmUp() {
    for (CmkSetup setup : List.of(accessPolicySetup, rbacSetup)) {
      RegistryEncryptionPolicy policy = healingPolicy(setup);
      reconcile(policy);
      reconcileWithFault(policy);
      statusSchemaErrors(policy);
    }
    writtenStatuses.clear();
  }

  /** Returns the setup a row reads. */
  CmkSetup setupFor(AzureFaultRead read) {
    return read.rbacVault() ? rbacSetup : accessPolicySetup;
  }

  /** Restores the seeded state and the clock, and removes every fault. */
  void reset() {
    clock.set(Instant.now());
    simulator.restore(seeded);
    simulator.faults().clear();
    noteClientAssertions();
    simulator.clearRequests();
    simulator.resetRateLimits();
  }

  /**
   * Replaces the reconciler of faulted reconciles by one whose credential has no token yet, so that
   * its next reconcile requests tokens.
   */
  void renewTokens() {
    impatient = newReconciler(ATTEMPT_TIMEOUT, ONE_RETRY);
  }

  /**
   * Runs one reconcile, with the faulted reconcile's timeout and retries, through a new reconciler
   * that signs in with {@code credential} instead of the simulator's workload identity.
   */
  RegistryEncryptionPolicyStatus reconcileSigningInWith(
      TokenCredential credential, RegistryEncryptionPolicy policy) {
    AzureConnection simulated = simulator.connection(ATTEMPT_TIMEOUT);
    AzureConnection connection =
        new AzureConnection(
            simulated.cloud(),
            recording(credential),
            simulated.httpClient(),
            simulated.readTimeout());
    return reconcile(newReconciler(connection, ONE_RETRY), policy);
  }

  private RegistryEncryptionPolicyReconciler newReconciler(
      Duration attemptTimeout, AzureRetryOptions retries) {
    AzureConnection simulated = simulator.connection(attemptTimeout);
    AzureConnection connection =
        new AzureConnection(
            simulated.cloud(),
            recording(simulated.credential()),
            simulated.httpClient(),
            simulated.readTimeout());
    return newReconciler(connection, retries);
  }

  private RegistryEncryptionPolicyReconciler newReconciler(
      AzureConnection connection, AzureRetryOptions retries) {
    AzureSnapshotLoader loader = new AzureSnapshotLoader(connection, retries, clock);
    PolicyEventRecorder recorder =
        new PolicyEventRecorder(kubernetes.client(), clock, Duration.ofMinutes(10));
    HealthChecks checks = new HealthChecks();
    HealingOptions healing =
        new HealingOptions(AzureHealer.sharing(loader), COOLDOWN, HealListener.NONE);
    return new RegistryEncryptionPolicyReconciler(
        loader,
        checks,
        new ConditionEvents(recorder),
        clock,
        OperatorSettings.defaults(),
        new HealStep(loader, checks, healing, recorder, clock));
  }

  /**
   * Moves the last check time of {@code policy} two check intervals into the past, beyond its
   * interval and largest offset, so that a reconciler started after that check checks it at once.
   */
  void markDue(RegistryEncryptionPolicy policy) {
    Duration overdue = GoDuration.parse(policy.getSpec().getCheckInterval()).multipliedBy(2);
    policy
        .getStatus()
        .setLastCheckTime(
            clock.instant().minus(overdue).truncatedTo(ChronoUnit.SECONDS).toString());
  }

  /** Returns a versionless policy for {@code setup} that may run every heal action. */
  RegistryEncryptionPolicy healingPolicy(CmkSetup setup) {
    RegistryEncryptionPolicySpec spec = new RegistryEncryptionPolicySpec();
    spec.setRegistry(new RegistryReference(setup.registryId()));
    spec.setKeyVault(new KeyVaultReference(setup.vaultId()));
    spec.setKey(new KeyReference(setup.keyName(), null));
    spec.setIdentity(
        setup.systemAssigned()
            ? new IdentityReference(IdentityType.SystemAssigned, null)
            : new IdentityReference(IdentityType.UserAssigned, setup.identityId()));
    HealingSpec healing = new HealingSpec();
    healing.setMode(HealingMode.Enabled);
    healing.setActions(List.of(HealAction.values()));
    spec.setHealing(healing);

    RegistryEncryptionPolicy policy = new RegistryEncryptionPolicy();
    policy.getMetadata().setNamespace(NAMESPACE);
    policy.getMetadata().setName(setup.registryName() + "-" + POLICY_COUNTER.incrementAndGet());
    policy.getMetadata().setUid(UUID.randomUUID().toString());
    policy.getMetadata().setGeneration(1L);
    policy.setSpec(spec);
    return policy;
  }

  /**
   * Runs one reconcile with a long attempt timeout and stores the status it patches in {@code
   * policy}, as the API server would.
   */
  RegistryEncryptionPolicyStatus reconcile(RegistryEncryptionPolicy policy) {
    return reconcile(patient, policy);
  }

  /** Runs one reconcile with {@link #ATTEMPT_TIMEOUT} and {@link #ONE_RETRY}. */
  RegistryEncryptionPolicyStatus reconcileWithFault(RegistryEncryptionPolicy policy) {
    return reconcile(impatient, policy);
  }

  /** Runs one reconcile and keeps its status for the secret scan. */
  private RegistryEncryptionPolicyStatus reconcile(
      RegistryEncryptionPolicyReconciler reconciler, RegistryEncryptionPolicy policy) {
    RegistryEncryptionPolicyStatus status =
        reconciler.reconcile(policy, null).getResource().orElseThrow().getStatus();
    policy.setStatus(status);
    writtenStatuses.add(serialization.asJson(status));
    return status;
  }

  /** Returns {@code value} as JSON, as the API server would store it. */
  String asJson(Object value) {
    return serialization.asJson(value);
  }

  /** Returns a deep copy of {@code status}, as a read from the API server would return it. */
  RegistryEncryptionPolicyStatus copyOf(RegistryEncryptionPolicyStatus status) {
    return serialization.unmarshal(
        serialization.asJson(status), RegistryEncryptionPolicyStatus.class);
  }

  /** Returns the messages the API server would reject a write of the policy's status with. */
  List<String> statusSchemaErrors(RegistryEncryptionPolicy policy) {
    return validator.validateStatusWrite(serialization.convertValue(policy, JsonNode.class));
  }

  /**
   * Returns every write to an Azure resource, leaving out token requests and Key Vault's 401
   * challenges, which change nothing.
   */
  List<RecordedRequest> azureWrites() {
    return simulator
        .requestLog()
        .matching(
            request ->
                WRITE_METHODS.contains(request.method())
                    && !request.operation().equals("token")
                    && request.status() != 401);
  }

  /** Returns the Warning events about {@code policy}. */
  List<Event> warningEvents(RegistryEncryptionPolicy policy) {
    return kubernetes.client().v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(event -> policy.getMetadata().getUid().equals(event.getInvolvedObject().getUid()))
        .filter(event -> "Warning".equals(event.getType()))
        .toList();
  }

  /** Returns every event message in the policies' namespace. */
  List<String> eventMessages() {
    return kubernetes.client().v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .map(Event::getMessage)
        .toList();
  }

  /** Returns every access token the operator's credential handed to the Azure clients. */
  Set<String> issuedTokens() {
    return Set.copyOf(issuedTokens);
  }

  /**
   * Returns the client assertions, the federated token file's content, that the credential sent to
   * the token endpoint.
   */
  Set<String> clientAssertions() {
    noteClientAssertions();
    return Set.copyOf(clientAssertions);
  }

  /** Returns every status the reconciler wrote, as JSON. */
  List<String> writtenStatuses() {
    return new ArrayList<>(writtenStatuses);
  }

  @Override
  public void close() {
    kubernetes.close();
    simulator.close();
  }

  private void noteClientAssertions() {
    for (RecordedRequest request : simulator.requestLog().forOperation("token")) {
      for (String pair : request.body().split("&")) {
        int equals = pair.indexOf('=');
        if (equals > 0 && pair.substring(0, equals).equals("client_assertion")) {
          clientAssertions.add(
              URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
      }
    }
  }

  /** Wraps the operator's credential to note each token it returns; the tokens are unchanged. */
  private TokenCredential recording(TokenCredential delegate) {
    return new TokenCredential() {
      @Override
      public Mono<AccessToken> getToken(TokenRequestContext request) {
        return delegate.getToken(request).doOnNext(token -> issuedTokens.add(token.getToken()));
      }

      @Override
      public AccessToken getTokenSync(TokenRequestContext request) {
        AccessToken token = delegate.getTokenSync(request);
        issuedTokens.add(token.getToken());
        return token;
      }
    };
  }
}
