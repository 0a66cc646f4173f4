package io.acrcmk.operator.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every request: picks the route by Host header and path, checks the bearer token, applies
 * fault rules and ARM throttling, calls the route and records the exchange in the request log.
 */
final class SimulatorHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatorHandler.class);
  private static final Pattern SUBSCRIPTION =
      Pattern.compile("^/subscriptions/([^/]+)", Pattern.CASE_INSENSITIVE);

  private final List<Route> armRoutes;
  private final List<Route> dataPlaneRoutes;
  private final SimulatorState state;
  private final SimulatorOptions options;
  private final FaultInjector faults;
  private final RequestLog log;
  private final RateLimiter rateLimiter;

  SimulatorHandler(
      List<Route> armRoutes,
      List<Route> dataPlaneRoutes,
      SimulatorState state,
      SimulatorOptions options,
      FaultInjector faults,
      RequestLog log,
      RateLimiter rateLimiter) {
    this.armRoutes = List.copyOf(armRoutes);
    this.dataPlaneRoutes = List.copyOf(dataPlaneRoutes);
    this.state = state;
    this.options = options;
    this.faults = faults;
    this.log = log;
    this.rateLimiter = rateLimiter;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IOException when the connection is to be dropped: the request could not be read, the
   *     client went away, or no response is to be sent. The JDK server then closes the connection
   *     and removes it from its connection sets. Closing the exchange alone closes the socket but
   *     leaves the connection, with its TLS engine and buffers, in those sets until the server
   *     stops.
   */
  @Override
  public void handle(HttpExchange exchange) throws IOException {
    SimulatorRequest request;
    try {
      request = read(exchange);
    } catch (IOException e) {
      LOG.warn("Cannot read a request to the Azure simulator: {}", e.toString());
      exchange.close();
      throw e;
    }
    String vaultName = SimulatorEndpoints.vaultNameOfHost(request.host());
    Route route = null;
    Matcher match = null;
    for (Route candidate : vaultName == null ? armRoutes : dataPlaneRoutes) {
      match = candidate.match(request);
      if (match != null) {
        route = candidate;
        break;
      }
    }
    String operation = route == null ? Operations.UNKNOWN : route.operation();
    SimulatorResponse response;
    try {
      response = respond(request, route, match, vaultName);
    } catch (RuntimeException e) {
      LOG.error("Azure simulator failed on {}", request.methodAndPath(), e);
      response = SimulatorResponse.error(500, "InternalServerError", "The simulator failed: " + e);
    }
    // The entry is added before the response goes out, so a client that has its answer always
    // finds its request in the log.
    log.add(record(request, operation, response == null ? 0 : response.status()));
    try {
      if (response == null) {
        throw new IOException("connection closed without a response");
      }
      send(exchange, response);
    } catch (IOException e) {
      LOG.debug("Dropping the connection of {}: {}", request.methodAndPath(), e.toString());
      throw e;
    } finally {
      exchange.close();
    }
  }

  /** Returns the response to send, or null to close the connection without one. */
  private SimulatorResponse respond(
      SimulatorRequest request, Route route, Matcher match, String vaultName) {
    boolean dataPlane = vaultName != null;
    if (route == null) {
      LOG.warn(
          "Azure simulator has no route for {} on host {}",
          request.methodAndPath(),
          request.host());
      return withStandardHeaders(routeNotFound(request), dataPlane, request);
    }
    pause(options.latency());
    if (dataPlane && state.vaultByName(vaultName).isEmpty()) {
      // A vault that does not exist has no DNS name; closing the connection is the nearest a
      // loopback server can come to that.
      LOG.warn("Azure simulator has no vault {} for {}", vaultName, request.methodAndPath());
      return null;
    }
    SimulatorResponse refusal = checkAccess(request, route, dataPlane);
    if (refusal != null) {
      return withStandardHeaders(refusal, dataPlane, request);
    }
    Fault fault = faults.claim(route.operation(), request.method(), request.path()).orElse(null);
    if (fault instanceof Fault.ConnectionReset) {
      return null;
    }
    if (fault instanceof Fault.ErrorStatus error) {
      return withStandardHeaders(errorResponse(error), dataPlane, request);
    }
    if (fault instanceof Fault.Delay delay) {
      pause(delay.duration());
    }
    SimulatorResponse response = throttleOrServe(request, route, match, dataPlane);
    if (fault != null) {
      FaultBodies.apply(fault, response);
    }
    return withStandardHeaders(response, dataPlane, request);
  }

  private SimulatorResponse checkAccess(SimulatorRequest request, Route route, boolean dataPlane) {
    if (route.operation().equals(Operations.TOKEN)) {
      return null;
    }
    if (request.bearerToken() == null) {
      return dataPlane ? KeyVaultDataPlaneRoutes.challenge(state.endpoints()) : armUnauthorized();
    }
    if (!dataPlane && request.queryParam("api-version") == null) {
      return SimulatorResponse.error(
          400,
          "MissingApiVersionParameter",
          "The api-version query parameter (?api-version=) is required for all requests.");
    }
    return null;
  }

  private static SimulatorResponse errorResponse(Fault.ErrorStatus error) {
    SimulatorResponse response =
        SimulatorResponse.error(error.status(), error.code(), error.message(), error.innerCode());
    if (error.retryAfter() != null) {
      response.header("Retry-After", Long.toString(error.retryAfter().toSeconds()));
    }
    return response;
  }

  private SimulatorResponse throttleOrServe(
      SimulatorRequest request, Route route, Matcher match, boolean dataPlane) {
    RateLimiter.Decision decision = null;
    String quotaHeader = null;
    if (!dataPlane && !route.operation().equals(Operations.TOKEN)) {
      Matcher subscription = SUBSCRIPTION.matcher(request.path());
      String scope = subscription.find() ? "subscription-" + subscription.group(1) : "tenant";
      decision = rateLimiter.take(SimulatorRequest.lower(scope), route.write(), System.nanoTime());
      quotaHeader =
          "x-ms-ratelimit-remaining-"
              + (scope.equals("tenant") ? "tenant" : "subscription")
              + (route.write() ? "-writes" : "-reads");
      if (!decision.allowed()) {
        return throttled(decision, route.write(), scope)
            .header(quotaHeader, "0")
            .header("Retry-After", Long.toString(decision.retryAfter().toSeconds()));
      }
    }
    SimulatorResponse response = serve(request, route, match);
    if (decision != null) {
      response.header(quotaHeader, Long.toString(decision.remaining()));
    }
    return response;
  }

  private static SimulatorResponse serve(SimulatorRequest request, Route route, Matcher match) {
    try {
      return route.handler().handle(request, match);
    } catch (SimulatorException e) {
      return e.toResponse();
    } catch (RuntimeException e) {
      LOG.error(
          "Azure simulator route {} failed on {}", route.operation(), request.methodAndPath(), e);
      return SimulatorResponse.error(
          500, "InternalServerError", "The simulator failed to serve the request: " + e);
    }
  }

  private static SimulatorResponse throttled(
      RateLimiter.Decision decision, boolean write, String scope) {
    return SimulatorResponse.error(
        429,
        scope.equals("tenant") ? "TenantRequestsThrottled" : "SubscriptionRequestsThrottled",
        "Number of '"
            + (write ? "write" : "read")
            + "' requests for '"
            + scope
            + "' exceeded. Please try again after '"
            + decision.retryAfter().toSeconds()
            + "' seconds after additional tokens are available. Refer to"
            + " https://aka.ms/arm-throttling");
  }

  private static SimulatorResponse armUnauthorized() {
    return SimulatorResponse.error(
            401,
            "AuthenticationFailed",
            "Authentication failed. The 'Authorization' header is missing.")
        .header(
            "WWW-Authenticate",
            "Bearer authorization_uri=\"https://login.windows.net/\", error=\"invalid_token\","
                + " error_description=\"The authentication failed because of missing"
                + " 'Authorization' header.\"");
  }

  private static SimulatorResponse routeNotFound(SimulatorRequest request) {
    return SimulatorResponse.error(
        404,
        "SimulatorRouteNotFound",
        "The Azure simulator does not serve "
            + request.methodAndPath()
            + " on host "
            + request.host()
            + ".");
  }

  private SimulatorResponse withStandardHeaders(
      SimulatorResponse response, boolean dataPlane, SimulatorRequest request) {
    response.header("x-ms-request-id", UUID.randomUUID().toString());
    if (dataPlane) {
      response.header("x-ms-keyvault-region", options.location());
      response.header("x-ms-keyvault-service-version", "1.9.0.0");
    } else {
      String correlation = request.header("x-ms-correlation-request-id");
      response.header(
          "x-ms-correlation-request-id",
          correlation != null ? correlation : UUID.randomUUID().toString());
    }
    return response;
  }

  private static void send(HttpExchange exchange, SimulatorResponse response) throws IOException {
    byte[] body = response.bodyBytes();
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    if (body.length > 0) {
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    }
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static SimulatorRequest read(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    String host = exchange.getRequestHeaders().getFirst("Host");
    host = host == null ? "127.0.0.1" : stripPort(host);
    return new SimulatorRequest(
        exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT),
        SimulatorRequest.lower(host),
        exchange.getRequestURI().getPath(),
        exchange.getRequestURI().getRawQuery(),
        exchange.getRequestHeaders(),
        body);
  }

  private static String stripPort(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  private static RecordedRequest record(SimulatorRequest request, String operation, int status) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    request
        .headers()
        .forEach(
            (name, values) ->
                headers.put(
                    name,
                    name.equalsIgnoreCase("Authorization")
                        ? values.stream().map(SimulatorHandler::redact).toList()
                        : List.copyOf(values)));
    return new RecordedRequest(
        Instant.now(),
        request.method(),
        request.host(),
        request.path(),
        request.rawQuery(),
        operation,
        request.queryParam("api-version"),
        headers,
        request.bodyText(),
        status);
  }

  private static String redact(String authorization) {
    int space = authorization.indexOf(' ');
    return space < 0 ? "***" : authorization.substring(0, space) + " ***";
  }

  private static void pause(Duration duration) {
    if (duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
