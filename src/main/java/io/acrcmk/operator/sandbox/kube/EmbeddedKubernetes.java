package io.acrcmk.operator.sandbox.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A Kubernetes API server in the process: fabric8's mock server in CRUD mode on 127.0.0.1, with the
 * policy CRD created. It stores and watches objects like an API server but neither validates them
 * against the schema nor applies defaults.
 *
 * <p>For fault tests it records every request it receives, responds to chosen requests with an
 * error status in place of the CRUD store, and closes open watches from the server side.
 */
public final class EmbeddedKubernetes implements AutoCloseable {

  /** Classpath location of the CRD that the fabric8 generator writes at build time. */
  public static final String CRD_RESOURCE =
      "META-INF/fabric8/registryencryptionpolicies.acrcmk.io-v1.yml";

  /** How many requests {@link #requests()} keeps; older ones are dropped first. */
  public static final int REQUEST_LOG_CAPACITY = 20_000;

  private static final String RULES_REVIEW_PATH =
      "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

  /** The watch event an API server sends when the requested resource version is too old. */
  private static final String EXPIRED_EVENT =
      "{\"type\":\"ERROR\",\"object\":"
          + Serialization.asJson(
              new StatusBuilder()
                  .withStatus("Failure")
                  .withCode(410)
                  .withReason("Expired")
                  .withMessage("too old resource version")
                  .build())
          + "}";

  /**
   * The mock server logs every request through java.util.logging at INFO. Held in a field because
   * java.util.logging keeps only weak references to configured loggers.
   */
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final FaultingDispatcher dispatcher;
  private final NamespacedKubernetesClient client;

  private EmbeddedKubernetes(KubernetesMockServer server, FaultingDispatcher dispatcher) {
    this.server = server;
    this.dispatcher = dispatcher;
    this.client = server.createClient();
  }

  /** Starts the server on an ephemeral loopback port and creates the policy CRD. */
  public static EmbeddedKubernetes start() {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    // The mixed dispatcher serves the expectations set below first and everything else from the
    // CRUD store. The plain CRUD dispatcher would ignore the expectations.
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    FaultingDispatcher dispatcher =
        new FaultingDispatcher(new KubernetesMixedDispatcher(expectations));
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), expectations, dispatcher, false);
    allowLeaseAccess(server);
    server.init(InetAddress.getLoopbackAddress(), 0);
    EmbeddedKubernetes kubernetes = new EmbeddedKubernetes(server, dispatcher);
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
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns a client for this server; closed by {@link #close()}. */
  public NamespacedKubernetesClient client() {
    return client;
  }

  /**
   * Returns a new client for this server that sends {@code userAgent} as its User-Agent, so that
   * {@link #requests()} can identify its requests. It retries a request that failed with 429 or 5xx
   * as fabric8 does by default. The caller closes it.
   */
  public NamespacedKubernetesClient newClient(String userAgent) {
    return newClient(userAgent, Config.DEFAULT_REQUEST_RETRY_BACKOFFINTERVAL);
  }

  /**
   * Returns a new client like {@link #newClient(String)} whose retries of a request that failed
   * with 429 or 5xx start {@code retryBackoffMillis} apart and double, as many times as fabric8's
   * default allows.
   */
  public NamespacedKubernetesClient newClient(String userAgent, int retryBackoffMillis) {
    Objects.requireNonNull(userAgent, "userAgent");
    return server.createClient(
        builder ->
            builder
                .editOrNewConfig()
                .withUserAgent(userAgent)
                .withRequestRetryBackoffLimit(Config.DEFAULT_REQUEST_RETRY_BACKOFFLIMIT)
                .withRequestRetryBackoffInterval(retryBackoffMillis)
                .endConfig());
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

  /** Returns the requests received so far, oldest first, up to {@link #REQUEST_LOG_CAPACITY}. */
  public List<ApiRequest> requests() {
    return dispatcher.requests();
  }

  /** Forgets the requests received so far. */
  public void clearRequests() {
    dispatcher.clearRequests();
  }

  /**
   * Responds to requests whose method and path match with {@code status} and a Kubernetes Status
   * body, in place of the CRUD store, which is left unchanged. A watch request that matches fails
   * its WebSocket handshake with that status.
   *
   * @param method the HTTP method, such as PATCH
   * @param pathRegex a regex matched against the whole path including the query string
   * @param status the HTTP status to respond with, 400 to 599
   * @param count how many matching requests to fail; 0 fails them until {@link #clearFaults()}
   * @return the rule, which counts the requests it failed
   */
  public ApiFault failRequests(String method, String pathRegex, int status, int count) {
    ApiFault fault = new ApiFault(method, Pattern.compile(pathRegex), status, count);
    dispatcher.faults.add(fault);
    return fault;
  }

  /** Removes every rule added by {@link #failRequests}. */
  public void clearFaults() {
    dispatcher.faults.clear();
  }

  /**
   * Closes, from the server side, every open watch whose request path matches {@code pathRegex}.
   * The client sees a dropped connection and watches again.
   *
   * @param expired whether to first send the ERROR event with code 410 Gone that an API server
   *     sends when the watched resource version is too old, which makes an informer list again
   * @return how many watches were closed
   */
  public int dropWatches(String pathRegex, boolean expired) {
    return dispatcher.dropWatches(Pattern.compile(pathRegex), expired);
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  /**
   * One request the server received.
   *
   * @param userAgent the User-Agent header, which identifies the clients of {@link #newClient}
   * @param method the HTTP method
   * @param path the path including the query string
   * @param body the request body as text, empty when none
   * @param status the HTTP status of the response, 101 for a watch upgraded to a WebSocket
   */
  public record ApiRequest(String userAgent, String method, String path, String body, int status) {}

  /** A rule of {@link #failRequests}, which counts the requests it failed. */
  public static final class ApiFault {

    private final String method;
    private final Pattern path;
    private final int status;
    private final int limit;
    private final AtomicInteger applied = new AtomicInteger();

    private ApiFault(String method, Pattern path, int status, int limit) {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("status must be 4xx or 5xx, got " + status);
      }
      if (limit < 0) {
        throw new IllegalArgumentException("count must be 0 or more, got " + limit);
      }
      this.method = Objects.requireNonNull(method, "method");
      this.path = path;
      this.status = status;
      this.limit = limit;
    }

    /** Returns how many requests this rule has failed so far. */
    public int applied() {
      return applied.get();
    }

    /** Returns whether a limited rule has failed all the requests it was given. */
    public boolean exhausted() {
      return limit > 0 && applied.get() >= limit;
    }

    /** Counts one matching request, or returns false when the rule does not apply to it. */
    private boolean claim(RecordedRequest request) {
      if (!method.equalsIgnoreCase(request.getMethod())
          || !path.matcher(request.getPath()).matches()) {
        return false;
      }
      while (true) {
        int current = applied.get();
        if (limit > 0 && current >= limit) {
          return false;
        }
        if (applied.compareAndSet(current, current + 1)) {
          return true;
        }
      }
    }

    private MockResponse response() {
      Status body =
          new StatusBuilder()
              .withStatus("Failure")
              .withCode(status)
              .withReason(reasonOf(status))
              .withMessage("injected failure: " + reasonOf(status))
              .build();
      return new MockResponse().setResponseCode(status).setBody(Serialization.asJson(body));
    }

    private static String reasonOf(int status) {
      return switch (status) {
        case 404 -> "NotFound";
        case 409 -> "Conflict";
        case 410 -> "Expired";
        case 429 -> "TooManyRequests";
        case 503 -> "ServiceUnavailable";
        default -> status >= 500 ? "InternalError" : "BadRequest";
      };
    }
  }

  /**
   * Records each request, responds from the first matching fault rule or else from the CRUD
   * dispatcher, and keeps the WebSocket of each watch so that it can be closed.
   */
  private static final class FaultingDispatcher extends Dispatcher {

    private final Dispatcher store;
    private final List<ApiFault> faults = new CopyOnWriteArrayList<>();
    private final Deque<ApiRequest> log = new ArrayDeque<>();
    private final Set<WebSocket> watches = ConcurrentHashMap.newKeySet();

    FaultingDispatcher(Dispatcher store) {
      this.store = store;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      // Read the body before the store does, because reading a mock Buffer empties it.
      byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
      MockResponse response = faulted(request);
      if (response == null) {
        response = store.dispatch(request);
      }
      if (response.getWebSocketListener() != null) {
        response.withWebSocketUpgrade(new TrackedWatch(response.getWebSocketListener(), watches));
      }
      record(request, body, response);
      return response;
    }

    private MockResponse faulted(RecordedRequest request) {
      for (ApiFault fault : faults) {
        if (fault.claim(request)) {
          return fault.response();
        }
      }
      return null;
    }

    private synchronized void record(RecordedRequest request, byte[] body, MockResponse response) {
      if (log.size() >= REQUEST_LOG_CAPACITY) {
        log.removeFirst();
      }
      int status = response.getWebSocketListener() != null ? 101 : response.code();
      log.addLast(
          new ApiRequest(
              Objects.toString(request.getHeader("User-Agent"), ""),
              request.getMethod(),
              request.getPath(),
              new String(body, StandardCharsets.UTF_8),
              status));
    }

    synchronized List<ApiRequest> requests() {
      return List.copyOf(log);
    }

    synchronized void clearRequests() {
      log.clear();
    }

    int dropWatches(Pattern path, boolean expired) {
      int dropped = 0;
      for (WebSocket watch : watches) {
        if (!path.matcher(watch.request().getPath()).matches()) {
          continue;
        }
        if (expired) {
          watch.send(EXPIRED_EVENT);
        }
        watch.close(1000, "watch closed by the server");
        watches.remove(watch);
        dropped++;
      }
      return dropped;
    }

    @Override
    public void shutdown() {
      store.shutdown();
    }
  }

  /** Passes every callback on to the CRUD store's watch and keeps its WebSocket while open. */
  private static final class TrackedWatch extends WebSocketListener {

    private final WebSocketListener delegate;
    private final Set<WebSocket> open;

    TrackedWatch(WebSocketListener delegate, Set<WebSocket> open) {
      this.delegate = delegate;
      this.open = open;
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
      delegate.onBeforeAccept(webSocket, response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      open.add(webSocket);
      delegate.onOpen(webSocket, response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      delegate.onMessage(webSocket, text);
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
      delegate.onMessage(webSocket, bytes);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
      delegate.onMessage(webSocket, bytes);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      open.remove(webSocket);
      delegate.onClosing(webSocket, code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      open.remove(webSocket);
      delegate.onClosed(webSocket, code, reason);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, Response response) {
      open.remove(webSocket);
      delegate.onFailure(webSocket, error, response);
    }
  }
}
