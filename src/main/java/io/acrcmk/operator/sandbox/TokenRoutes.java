package io.acrcmk.operator.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;

/**
 * The Microsoft Entra token endpoint: {@code POST /{tenant}/oauth2/v2.0/token} returns an opaque
 * bearer token for any client credentials request of the simulated tenant.
 */
final class TokenRoutes {

  private final SimulatorEndpoints endpoints;

  TokenRoutes(SimulatorEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  List<Route> routes() {
    return List.of(
        Route.read(Operations.TOKEN, "POST", "/([^/]+)/oauth2/v2\\.0/token", this::token));
  }

  private SimulatorResponse token(SimulatorRequest request, Matcher match) {
    String tenant = match.group(1);
    if (!tenant.equalsIgnoreCase(endpoints.tenantId())) {
      return oauthError(
          400,
          "invalid_request",
          "AADSTS90002: Tenant '"
              + tenant
              + "' not found. The simulator serves only tenant "
              + endpoints.tenantId()
              + ".");
    }
    Map<String, String> form = SimulatorRequest.parseForm(request.bodyText());
    String grantType = form.get("grant_type");
    if (grantType == null) {
      return oauthError(
          400, "invalid_request", "AADSTS900144: The request body must contain 'grant_type'.");
    }
    if (form.get("scope") == null) {
      return oauthError(
          400, "invalid_scope", "AADSTS1002012: The provided value for scope is not valid.");
    }
    ObjectNode body = Json.object();
    body.put("token_type", "Bearer");
    body.put("expires_in", 3600);
    body.put("ext_expires_in", 3600);
    body.put("access_token", "simulated-" + UUID.randomUUID());
    return SimulatorResponse.ok(body);
  }

  private static SimulatorResponse oauthError(int status, String error, String description) {
    ObjectNode body = Json.object();
    body.put("error", error);
    body.put("error_description", description);
    return SimulatorResponse.json(status, body);
  }
}
