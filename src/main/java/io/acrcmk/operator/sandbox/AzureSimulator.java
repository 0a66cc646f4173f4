package io.acrcmk.operator.sandbox;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.acrcmk.operator.azure.AzureCloud;
import io.acrcmk.operator.azure.AzureConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process Azure for tests and the demo. It serves ARM (Container Registry, Managed Identity,
 * Key Vault, Authorization), the Key Vault keys data plane and a Microsoft Entra token endpoint
 * over HTTPS on 127.0.0.1 with the real REST shapes, so the production Azure SDK code runs against
 * it unchanged.
 */
public final class AzureSimulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AzureSimulator.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final SimulatorOptions options;
  private final SimulatorTls tls;
  private final HttpsServer server;
  private final ExecutorService executor;
  private final SimulatorEndpoints endpoints;
  private final SimulatorState state;
  private final FaultInjector faults = new FaultInjector();
  private final RequestLog requests;
  private final RateLimiter rateLimiter;
  private final Path federatedTokenFile;
  private volatile AzureConnection connection;

  private AzureSimulator(SimulatorOptions options) throws IOException {
    this.options = options;
    this.tls = SimulatorTls.generate();
    this.requests = new RequestLog(options.requestLogCapacity());
    InetAddress loopback = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    this.server = HttpsServer.create(new InetSocketAddress(loopback, 0), 0);
    this.server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
    this.endpoints =
        new SimulatorEndpoints(
            server.getAddress().getPort(), options.tenantId(), options.location());
    this.state = new SimulatorState(endpoints);
    BuiltInRoles.all().forEach(role -> state.put(SimulatorState.Kind.ROLE_DEFINITION, role));
    this.rateLimiter =
        new RateLimiter(options.armReads(), options.armWrites(), options.enforceRateLimits());
    this.federatedTokenFile = writeFederatedToken(options);
    this.executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "azure-simulator-" + THREADS.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", handler());
  }

  /** Starts a simulator with the default options. */
  public static AzureSimulator start() {
    return start(SimulatorOptions.defaults());
  }

  /** Starts a simulator on an ephemeral port of 127.0.0.1. */
  public static AzureSimulator start(SimulatorOptions options) {
    try {
      AzureSimulator simulator = new AzureSimulator(options);
      simulator.server.start();
      LOG.info("Azure simulator listening on {}", simulator.endpoints.armEndpoint());
      return simulator;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Azure simulator", e);
    }
  }

  private SimulatorHandler handler() {
    List<Route> arm = new ArrayList<>();
    arm.addAll(new TokenRoutes(endpoints).routes());
    arm.addAll(new ArmRegistryRoutes(state, options.asyncRegistryUpdates()).routes());
    arm.addAll(new ArmIdentityRoutes(state).routes());
    arm.addAll(new ArmKeyVaultRoutes(state).routes());
    arm.addAll(new ArmVaultKeyRoutes(state).routes());
    arm.addAll(new ArmAuthorizationRoutes(state).routes());
    List<Route> dataPlane = new KeyVaultDataPlaneRoutes(state, options).routes();
    return new SimulatorHandler(arm, dataPlane, state, options, faults, requests, rateLimiter);
  }

  /** Returns the HTTPS port on 127.0.0.1. */
  public int port() {
    return endpoints.port();
  }

  public String tenantId() {
    return endpoints.tenantId();
  }

  public SimulatorOptions options() {
    return options;
  }

  public SimulatorEndpoints endpoints() {
    return endpoints;
  }

  /** Returns the data-plane URI of a vault, such as {@code https://kv1.vault.localhost:PORT/}. */
  public String vaultUri(String vaultName) {
    return endpoints.vaultUri(vaultName);
  }

  /**
   * Returns the simulated cloud: ARM and the authority on {@code https://127.0.0.1:PORT/}, an ARM
   * token audience of {@code https://management.localhost/} and the vault suffix {@code
   * vault.localhost}.
   */
  public AzureCloud cloud() {
    URI arm = URI.create(endpoints.armEndpoint());
    return new AzureCloud(
        "AzureSimulator",
        arm,
        arm,
        URI.create("https://management.localhost/"),
        SimulatorEndpoints.VAULT_DNS_SUFFIX);
  }

  /**
   * Returns a connection whose HTTP client trusts only this simulator's certificate and reaches
   * only loopback names, and whose credential is a real {@code WorkloadIdentityCredential} signing
   * in at the simulator with a federated token file, instance discovery disabled.
   */
  public AzureConnection connection() {
    AzureConnection current = connection;
    if (current == null) {
      synchronized (this) {
        if (connection == null) {
          connection = connection(options.readTimeout());
        }
        current = connection;
      }
    }
    return current;
  }

  /** Returns a new connection whose HTTP client times out responses after {@code readTimeout}. */
  public AzureConnection connection(Duration readTimeout) {
    HttpClient httpClient = SimulatorHttpClients.netty(tls, readTimeout);
    return new AzureConnection(cloud(), credential(httpClient), httpClient, readTimeout);
  }

  private TokenCredential credential(HttpClient httpClient) {
    return new WorkloadIdentityCredentialBuilder()
        .tenantId(endpoints.tenantId())
        .clientId(options.clientId())
        .tokenFilePath(federatedTokenFile.toString())
        .authorityHost(endpoints.armEndpoint())
        .disableInstanceDiscovery()
        .httpClient(httpClient)
        .build();
  }

  /** Returns the certificate the simulator presents. */
  public X509Certificate certificate() {
    return tls.certificate();
  }

  /** Returns a TLS context that trusts only the simulator, for clients other than azure-core's. */
  public SSLContext clientSslContext() {
    return tls.clientContext();
  }

  /** Returns the resources, for reading and for raw changes. */
  public SimulatorState state() {
    return state;
  }

  /** Returns typed creators of resources. */
  public ResourceFactory resources() {
    return new ResourceFactory(state);
  }

  /** Returns the fault-reproducing changes to resources. */
  public Mutations mutations() {
    return new Mutations(state);
  }

  /** Seeds the default healthy setup; see {@link HealthySetup} for variants. */
  public CmkSetup seedHealthy() {
    return HealthySetup.builder().seed(this);
  }

  /** Loads raw ARM or Key Vault JSON into the state; see {@link SimulatorState#importArm}. */
  public int importArm(String json) {
    return state.importArm(json);
  }

  public StateCheckpoint checkpoint() {
    return state.checkpoint();
  }

  public void restore(StateCheckpoint checkpoint) {
    state.restore(checkpoint);
  }

  /** Returns the HTTP fault rules. */
  public FaultInjector faults() {
    return faults;
  }

  /** Returns the log of every request served. */
  public RequestLog requestLog() {
    return requests;
  }

  /** Returns a copy of every request served so far. */
  public List<RecordedRequest> requests() {
    return requests.all();
  }

  public void clearRequests() {
    requests.clear();
  }

  /** Refills every ARM throttling bucket. */
  public void resetRateLimits() {
    rateLimiter.reset();
  }

  /** Stops the server at once and deletes the federated token file. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      Files.deleteIfExists(federatedTokenFile);
    } catch (IOException e) {
      LOG.warn("Cannot delete the federated token file {}: {}", federatedTokenFile, e.toString());
    }
  }

  /**
   * Writes an unsigned JWT in the shape AKS projects for workload identity. The signature part is
   * empty because the simulated token endpoint accepts the assertion without checking it.
   */
  private static Path writeFederatedToken(SimulatorOptions options) throws IOException {
    Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
    String header = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
    long expires = Instant.now().plus(Duration.ofDays(1)).getEpochSecond();
    String payload =
        "{\"aud\":[\"api://AzureADTokenExchange\"],\"iss\":\"https://oidc.localhost/\","
            + "\"sub\":\"system:serviceaccount:acr-cmk:acr-cmk-operator\",\"exp\":"
            + expires
            + ",\"azp\":\""
            + options.clientId()
            + "\"}";
    String token =
        encoder.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + ".";
    Path file = Files.createTempFile("azure-simulator-federated-token", ".jwt");
    Files.writeString(file, token);
    file.toFile().deleteOnExit();
    return file;
  }
}
