package io.acrcmk.operator.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's HTTP endpoint, served by the JDK's HTTP server: {@code /metrics} for Prometheus,
 * {@code /healthz} for the liveness probe (the process serves HTTP) and {@code /readyz} for the
 * readiness probe (the operator started and its informers are healthy).
 */
public final class MetricsServer implements AutoCloseable {

  /** The metrics port used when none is configured. */
  public static final int DEFAULT_PORT = 8080;

  /**
   * Threads that serve requests. The JDK server reads each request on one of them, so a client that
   * sends its headers slowly occupies a thread; there are enough that a few such clients cannot
   * starve the kubelet's probes.
   */
  static final int THREADS = 16;

  /**
   * Seconds a client has to send its request, and to read the response, before the JDK server
   * closes the connection. The JDK reads these properties once, when it creates its first HTTP
   * server in the process; a value set on the command line wins.
   */
  private static final Map<String, String> SLOW_CLIENT_LIMITS =
      Map.of("sun.net.httpserver.maxReqTime", "10", "sun.net.httpserver.maxRspTime", "30");

  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
  private static final String PLAIN_TEXT = "text/plain; charset=utf-8";
  private static final AtomicInteger THREAD_COUNT = new AtomicInteger();

  private final HttpServer server;
  private final ExecutorService executor;
  private final OperatorMetrics metrics;
  private final ReadinessProbe readiness;

  private MetricsServer(HttpServer server, OperatorMetrics metrics, ReadinessProbe readiness) {
    this.server = server;
    this.metrics = metrics;
    this.readiness = readiness;
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "metrics-http-" + THREAD_COUNT.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    this.executor = pool;
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Starts serving on {@code address}.
   *
   * @throws UncheckedIOException when the address cannot be bound, for example because the port is
   *     in use
   */
  public static MetricsServer start(
      InetSocketAddress address, OperatorMetrics metrics, ReadinessProbe readiness) {
    SLOW_CLIENT_LIMITS.forEach(
        (property, seconds) -> {
          if (System.getProperty(property) == null) {
            System.setProperty(property, seconds);
          }
        });
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "failed to listen for metrics on " + address + "; choose another --metrics-port", e);
    }
    MetricsServer metricsServer = new MetricsServer(server, metrics, readiness);
    server.start();
    LOG.info("Serving /metrics, /healthz and /readyz on port {}", metricsServer.port());
    return metricsServer;
  }

  /** Returns the port the server listens on, useful when it was started on port 0. */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, PLAIN_TEXT, "method " + method + " is not allowed; use GET\n");
        return;
      }
      switch (exchange.getRequestURI().getPath()) {
        case "/metrics" -> serveMetrics(exchange);
        case "/healthz" -> respond(exchange, 200, PLAIN_TEXT, "ok\n");
        case "/readyz" -> serveReadiness(exchange);
        default ->
            respond(
                exchange,
                404,
                PLAIN_TEXT,
                "not found; the paths are /metrics, /healthz, /readyz\n");
      }
    } catch (IOException e) {
      // The scraper hung up mid-response; the next scrape starts afresh.
      LOG.debug("Metrics request ended early: {}", e.toString());
    } catch (RuntimeException e) {
      LOG.warn("Metrics request {} failed", exchange.getRequestURI().getPath(), e);
      try {
        respond(
            exchange, 500, PLAIN_TEXT, "internal error: " + e.getClass().getSimpleName() + "\n");
      } catch (IOException | RuntimeException ignored) {
        // Headers were already sent, so the connection is closed without a status.
      }
    }
  }

  private void serveMetrics(HttpExchange exchange) throws IOException {
    String contentType =
        OperatorMetrics.contentTypeFor(exchange.getRequestHeaders().getFirst("Accept"));
    respond(exchange, 200, contentType, metrics.scrape(contentType));
  }

  private void serveReadiness(HttpExchange exchange) throws IOException {
    Optional<String> reason = readiness.notReadyReason();
    if (reason.isPresent()) {
      respond(exchange, 503, PLAIN_TEXT, "not ready: " + reason.get() + "\n");
    } else {
      respond(exchange, 200, PLAIN_TEXT, "ok\n");
    }
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    if ("HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * Stops serving at once; a scrape under way is cut off. The JDK 17 server waits out the whole
   * delay passed to stop even when no request is open, so no delay is given.
   */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
