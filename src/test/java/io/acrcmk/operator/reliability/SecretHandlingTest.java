package io.acrcmk.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.api.RegistryEncryptionPolicyStatus;
import io.acrcmk.operator.azure.AzureConnection;
import io.acrcmk.operator.azure.AzureRetryOptions;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.ResourceId;
import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import io.acrcmk.operator.logging.SecretRedactor;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.Fault;
import io.acrcmk.operator.sandbox.FaultRule;
import io.acrcmk.operator.sandbox.Operations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Checks that credentials stay out of logs and status when the token endpoint fails, and that the
 * production path to Azure verifies TLS certificates.
 */
class SecretHandlingTest {

  private static final String CLIENT_SECRET = "Qv8~client-secret-" + "7f3a9c2e5b1d4f60a8e2";
  private static final String CLIENT_ID = "5e0c9a7b-3d2f-4a1e-9b8c-7d6e5f4a3b2c";

  /** Classes and calls that replace or weaken the JDK's certificate and host name checks. */
  private static final Pattern TLS_OVERRIDE =
      Pattern.compile(
          "TrustManager|trustManager\\(|HostnameVerifier|SSLContext|SslContext|"
              + "setSSLSocketFactory|InsecureTrustManagerFactory|\\.secure\\(");

  private static AzureFaultHarness harness;
  private LogScanCapture logs;

  @BeforeAll
  static void start() {
    harness = new AzureFaultHarness();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void attachLogs() {
    harness.reset();
    logs = LogScanCapture.attach();
  }

  @AfterEach
  void detachLogs() {
    logs.detach();
  }

  @Test
  void clientSecretKeptOutOfLogs() {
    TokenCredential credential =
        new ClientSecretCredentialBuilder()
            .tenantId(harness.simulator.tenantId())
            .clientId(CLIENT_ID)
            .clientSecret(CLIENT_SECRET)
            .authorityHost(harness.simulator.endpoints().armEndpoint())
            .disableInstanceDiscovery()
            .httpClient(
                harness.simulator.connection(AzureFaultHarness.ATTEMPT_TIMEOUT).httpClient())
            .build();
    List<Fault> tokenFaults =
        List.of(
            Fault.error(401, "invalid_client", "AADSTS7000215: Invalid client secret provided."),
            Fault.internalServerError(),
            Fault.malformedJson(),
            Fault.cutOffJson(2));
    List<String> statuses = new ArrayList<>();
    RegistryEncryptionPolicy policy = harness.healingPolicy(harness.accessPolicySetup);

    statuses.add(json(harness.reconcileSigningInWith(credential, policy)));
    for (Fault fault : tokenFaults) {
      harness.simulator.faults().clear();
      harness.simulator.faults().inject(FaultRule.forOperation(Operations.TOKEN, fault));
      statuses.add(json(harness.reconcileSigningInWith(credential, policy)));
    }

    List<String> tokenRequests =
        harness.simulator.requestLog().forOperation(Operations.TOKEN).stream()
            .map(request -> request.body())
            .toList();
    assertThat(tokenRequests).as("token requests").isNotEmpty();
    assertThat(tokenRequests).allMatch(body -> body.contains("client_secret="));
    AzureFaultSecrets secret = AzureFaultSecrets.valuesOnly().add("client secret", CLIENT_SECRET);
    AzureFaultSecrets tokens =
        AzureFaultSecrets.secrets().addAll("access token", harness.issuedTokens());
    assertThat(secret.scan("log event", logs.events())).isEmpty();
    assertThat(secret.scan("status", statuses)).isEmpty();
    assertThat(tokens.scan("status", statuses)).isEmpty();
    assertThat(tokens.scan("operator log event", logs.eventsFrom("io.acrcmk"))).isEmpty();
  }

  @Test
  void cutOffTokenResponseKeptOutOfStatus() {
    RegistryEncryptionPolicy policy = harness.healingPolicy(harness.accessPolicySetup);
    harness.renewTokens();
    // Two bytes short, the body still contains the whole access_token, only its closing quote and
    // brace are missing, so the parse error's quote of the body would show the token.
    harness
        .simulator
        .faults()
        .inject(FaultRule.forOperation(Operations.TOKEN, Fault.cutOffJson(2)));

    RegistryEncryptionPolicyStatus status = harness.reconcileWithFault(policy);

    assertThat(status.getConditions())
        .filteredOn(condition -> condition.getType().equals("RegistryEncrypted"))
        .singleElement()
        .satisfies(
            condition -> {
              assertThat(condition.getStatus()).isEqualTo("Unknown");
              assertThat(condition.getReason()).isEqualTo("AzureResponseInvalid");
              assertThat(condition.getMessage()).contains("at line 1, column");
            });
    AzureFaultSecrets secrets = AzureFaultSecrets.secrets();
    assertThat(secrets.scan("status", List.of(json(status)))).isEmpty();
    assertThat(secrets.scan("operator log event", logs.eventsFrom("io.acrcmk"))).isEmpty();
    // azure-identity and azure-core log the token endpoint's parse error at ERROR with Jackson's
    // quote of the body, which contains the whole access token here. The shipped logging
    // configuration masks it on the way out, so each such line must come out clean.
    List<String> libraryEvents = logs.eventsNotFrom("io.acrcmk");
    List<String> libraryLeaks = secrets.scan("library log event", libraryEvents);
    System.out.printf("Library log events quoting an access token: %d%n", libraryLeaks.size());
    List<String> masked = libraryEvents.stream().map(SecretRedactor::redact).toList();
    assertThat(secrets.scan("library log event as logged", masked)).isEmpty();
  }

  @Test
  void productionHttpClientRejectsUntrustedCertificate() {
    CmkSetup setup = harness.accessPolicySetup;
    TokenCredential fixedToken =
        request -> Mono.just(new AccessToken("unused", OffsetDateTime.now().plusHours(1)));
    // A null HTTP client makes the loader build the one RunCommand uses in production.
    AzureConnection production =
        new AzureConnection(harness.simulator.cloud(), fixedToken, null, Duration.ofSeconds(5));
    AzureSnapshotLoader loader =
        new AzureSnapshotLoader(
            production,
            new AzureRetryOptions(0, Duration.ofMillis(10), Duration.ofMillis(10)),
            Clock.systemUTC());

    AzureSnapshot snapshot = loader.load(target(setup));

    ReadFailure failure = snapshot.registry().failureOrNull();
    assertThat(failure).as("registry read through the production HTTP client").isNotNull();
    assertThat(failure.kind()).isEqualTo(ReadFailure.Kind.UNAVAILABLE);
    assertThat(failure.message()).containsIgnoringCase("certification path");
    assertThat(harness.simulator.requestLog().forOperation(Operations.REGISTRIES_GET)).isEmpty();
    AzureSnapshot trusted =
        new AzureSnapshotLoader(harness.simulator.connection()).load(target(setup));
    assertThat(trusted.registry().isFound())
        .as("the same read through the simulator's trust")
        .isTrue();
  }

  @Test
  void onlySandboxBuildsTlsContexts() throws IOException {
    Path main = repoRoot().resolve("src/main/java/io/acrcmk/operator");
    List<String> overrides = new ArrayList<>();
    try (Stream<Path> files = Files.walk(main)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
        String relative = main.relativize(file).toString();
        if (TLS_OVERRIDE.matcher(Files.readString(file)).find()
            && !relative.startsWith("sandbox")) {
          overrides.add(relative);
        }
      }
    }

    assertThat(overrides).as("production classes that touch TLS trust").isEmpty();
    assertThat(Files.readString(main.resolve("sandbox/SimulatorHttpClients.java")))
        .as("the check finds the sandbox's own trust of the simulator")
        .containsPattern(TLS_OVERRIDE);
  }

  private static PolicyTarget target(CmkSetup setup) {
    return new PolicyTarget(
        ResourceId.parse(setup.registryId(), ResourceId.REGISTRY_TYPE),
        ResourceId.parse(setup.vaultId(), ResourceId.VAULT_TYPE),
        setup.keyName(),
        null,
        IdentityType.UserAssigned,
        ResourceId.parse(setup.identityId(), ResourceId.IDENTITY_TYPE));
  }

  private static String json(RegistryEncryptionPolicyStatus status) {
    return harness.asJson(status);
  }

  private static Path repoRoot() {
    String property = System.getProperty("acrcmk.repoRoot");
    Path root = Path.of(property != null ? property : "").toAbsolutePath();
    if (!Files.exists(root.resolve("pom.xml"))) {
      throw new UncheckedIOException(new IOException("no pom.xml in " + root));
    }
    return root;
  }
}
