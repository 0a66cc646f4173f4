package io.acrcmk.operator.sandbox.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * A Kubernetes API server in the process: fabric8's mock server in CRUD mode on 127.0.0.1, with the
 * policy CRD created. It stores and watches objects like an API server but neither validates them
 * against the schema nor applies defaults.
 */
public final class EmbeddedKubernetes implements AutoCloseable {

  /** Classpath location of the CRD that the fabric8 generator writes at build time. */
  public static final String CRD_RESOURCE =
      "META-INF/fabric8/registryencryptionpolicies.acrcmk.io-v1.yml";

  private static final String RULES_REVIEW_PATH =
      "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

  /**
   * The mock server logs every request through java.util.logging at INFO. Held in a field because
   * java.util.logging keeps only weak references to configured loggers.
   */
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final NamespacedKubernetesClient client;

  private EmbeddedKubernetes(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  /** Starts the server on an ephemeral loopback port and creates the policy CRD. */
  public static EmbeddedKubernetes start() {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    // The mixed dispatcher serves the expectations set below first and everything else from the
    // CRUD store. The plain CRUD dispatcher would ignore the expectations.
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            expectations,
            new KubernetesMixedDispatcher(expectations),
            false);
    allowLeaseAccess(server);
    server.init(InetAddress.getLoopbackAddress(), 0);
    EmbeddedKubernetes kubernetes = new EmbeddedKubernetes(server);
    kubernetes.client.resource(loadCrd()).create();
    return kubernetes;
  }

  /**
   * Stubs the permission review JOSDK makes before leader election. The CRUD dispatcher rejects it
   * with 422, so this states that the operator may use Leases, as its RBAC allows.
   */
  private static void allowLeaseAccess(KubernetesMockServer server) {
    server
        .expect()
        .post()
        .withPath(RULES_REVIEW_PATH)
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("*")
                .endResourceRule()
                .withIncomplete(false)
                .endStatus()
                .build())
        .always();
  }

  private static CustomResourceDefinition loadCrd() {
    try (InputStream in =
        EmbeddedKubernetes.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            CRD_RESOURCE + " is not on the classpath; build with ./mvnw package");
      }
      return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
          in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns a client for this server; closed by {@link #close()}. */
  public NamespacedKubernetesClient client() {
    return client;
  }

  /**
   * Discards the requests the mock server has recorded and returns how many there were. The mock
   * server keeps every request it serves, bodies included, until a test reads it, and nothing here
   * reads them, so a long run calls this now and then to keep them from filling the heap.
   */
  public int discardRecordedRequests() {
    int discarded = 0;
    try {
      while (server.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
        discarded++;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return discarded;
  }

  /** Returns the server's base URL, such as http://127.0.0.1:40123. */
  public String url() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
