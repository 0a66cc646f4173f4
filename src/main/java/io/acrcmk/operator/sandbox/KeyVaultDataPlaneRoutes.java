package io.acrcmk.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * The Key Vault keys data plane on {@code https://{vault}.vault.localhost:{port}/}: get a key or
 * one version, list versions, read and recover a soft-deleted key. The vault firewall applies here
 * and never on ARM, as in Azure.
 */
final class KeyVaultDataPlaneRoutes {

  private static final int MAX_PAGE = 25;

  private final SimulatorState state;
  private final SimulatorOptions options;

  KeyVaultDataPlaneRoutes(SimulatorState state, SimulatorOptions options) {
    this.state = state;
    this.options = options;
  }

  List<Route> routes() {
    return List.of(
        Route.read(
            Operations.DATAPLANE_KEYS_LIST_VERSIONS,
            "GET",
            "/keys/([^/]+)/versions/?",
            this::versions),
        Route.read(Operations.DATAPLANE_KEYS_GET, "GET", "/keys/([^/]+)/?", this::get),
        Route.read(Operations.DATAPLANE_KEYS_GET, "GET", "/keys/([^/]+)/([^/]+)/?", this::get),
        Route.read(
            Operations.DATAPLANE_DELETED_KEYS_GET,
            "GET",
            "/deletedkeys/([^/]+)/?",
            this::getDeleted),
        Route.write(
            Operations.DATAPLANE_DELETED_KEYS_RECOVER,
            "POST",
            "/deletedkeys/([^/]+)/recover/?",
            this::recover));
  }

  /**
   * Returns the 401 Key Vault sends to a request without a token. The resource is the vault DNS
   * suffix, so the SDK's check that the vault host ends with the challenge resource passes.
   */
  static SimulatorResponse challenge(SimulatorEndpoints endpoints) {
    return SimulatorResponse.error(
            401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.")
        .header(
            "WWW-Authenticate",
            "Bearer authorization=\""
                + endpoints.armEndpoint()
                + endpoints.tenantId()
                + "\", resource=\"https://"
                + SimulatorEndpoints.VAULT_DNS_SUFFIX
                + "\"");
  }

  private SimulatorResponse get(SimulatorRequest request, Matcher match) {
    ObjectNode vault = vaultOf(request);
    String keyName = match.group(1);
    ObjectNode key = state.key(vaultName(vault), keyName).orElseThrow(() -> keyNotFound(keyName));
    ObjectNode bundle;
    if (match.groupCount() > 1) {
      String version = match.group(2);
      bundle =
          KeyDocuments.version(key, version)
              .orElseThrow(() -> keyNotFound(keyName + "/" + version));
    } else {
      bundle = KeyDocuments.latest(key).orElseThrow(() -> keyNotFound(keyName));
    }
    return SimulatorResponse.ok(bundle);
  }

  /** Lists versions in pages of {@code maxresults} (at most 25), linked by {@code nextLink}. */
  private SimulatorResponse versions(SimulatorRequest request, Matcher match) {
    ObjectNode vault = vaultOf(request);
    String keyName = match.group(1);
    ObjectNode key = state.key(vaultName(vault), keyName).orElseThrow(() -> keyNotFound(keyName));
    int pageSize = pageSize(request.queryParam("maxresults"));
    int offset = offset(request.queryParam("$skiptoken"));
    List<JsonNode> all = new ArrayList<>();
    KeyDocuments.versions(key).forEach(all::add);

    ObjectNode body = Json.object();
    ArrayNode value = body.putArray("value");
    int end = Math.min(offset + pageSize, all.size());
    for (JsonNode bundle : all.subList(Math.min(offset, all.size()), end)) {
      value.add(versionItem(bundle));
    }
    if (end < all.size()) {
      String apiVersion = request.queryParam("api-version");
      body.put("nextLink", nextLink(vault, keyName, apiVersion, end, pageSize));
    } else {
      body.putNull("nextLink");
    }
    return SimulatorResponse.ok(body);
  }

  private static ObjectNode versionItem(JsonNode bundle) {
    ObjectNode item = Json.object();
    item.put("kid", Json.text(bundle, "key/kid"));
    item.set("attributes", bundle.get("attributes").deepCopy());
    if (bundle.has("tags")) {
      item.set("tags", bundle.get("tags").deepCopy());
    }
    return item;
  }

  private static String nextLink(
      ObjectNode vault, String keyName, String apiVersion, int offset, int pageSize) {
    return Json.text(vault, "properties/vaultUri")
        + "keys/"
        + keyName
        + "/versions?api-version="
        + apiVersion
        + "&$skiptoken="
        + offset
        + "&maxresults="
        + pageSize;
  }

  private SimulatorResponse getDeleted(SimulatorRequest request, Matcher match) {
    ObjectNode vault = vaultOf(request);
    String keyName = match.group(1);
    ObjectNode deleted =
        state.deletedKey(vaultName(vault), keyName).orElseThrow(() -> keyNotFound(keyName));
    return SimulatorResponse.ok(deletedBundle(vault, deleted));
  }

  /** Moves a soft-deleted key back and returns its current version, as Key Vault does. */
  private SimulatorResponse recover(SimulatorRequest request, Matcher match) {
    ObjectNode vault = vaultOf(request);
    String keyName = match.group(1);
    synchronized (state) {
      ObjectNode deleted =
          state.deletedKey(vaultName(vault), keyName).orElseThrow(() -> keyNotFound(keyName));
      if (state.key(vaultName(vault), keyName).isPresent()) {
        throw new SimulatorException(
            409, "Conflict", "Key " + keyName + " is currently being deleted or already exists.");
      }
      deleted.remove("deletedDate");
      deleted.remove("scheduledPurgeDate");
      state.removeDeletedKey(vaultName(vault), keyName);
      state.putKey(deleted);
      return SimulatorResponse.ok(KeyDocuments.latest(deleted).orElseThrow());
    }
  }

  private static ObjectNode deletedBundle(ObjectNode vault, ObjectNode deleted) {
    ObjectNode bundle = KeyDocuments.latest(deleted).orElseThrow().deepCopy();
    ObjectNode body = Json.object();
    body.put(
        "recoveryId",
        Json.text(vault, "properties/vaultUri") + "deletedkeys/" + KeyDocuments.name(deleted));
    body.set("deletedDate", deleted.get("deletedDate"));
    body.set("scheduledPurgeDate", deleted.get("scheduledPurgeDate"));
    body.setAll(bundle);
    return body;
  }

  /** Returns the vault the Host header names, after applying its firewall to the caller. */
  private ObjectNode vaultOf(SimulatorRequest request) {
    String name = SimulatorEndpoints.vaultNameOfHost(request.host());
    ObjectNode vault =
        state
            .vaultByName(name)
            .orElseThrow(
                () -> new SimulatorException(404, "VaultNotFound", "No vault named " + name + "."));
    if (options.enforceVaultFirewall()) {
      VaultFirewall.check(vault);
    }
    return vault;
  }

  private static String vaultName(ObjectNode vault) {
    return Json.text(vault, "name");
  }

  private static int pageSize(String value) {
    if (value == null) {
      return MAX_PAGE;
    }
    try {
      int size = Integer.parseInt(value);
      if (size >= 1 && size <= MAX_PAGE) {
        return size;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SimulatorException(
        400, "BadParameter", "maxresults must be an integer from 1 to 25, got '" + value + "'.");
  }

  private static int offset(String skipToken) {
    if (skipToken == null) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(skipToken));
    } catch (NumberFormatException e) {
      throw new SimulatorException(400, "BadParameter", "Invalid $skiptoken '" + skipToken + "'.");
    }
  }

  static SimulatorException keyNotFound(String nameOrId) {
    return new SimulatorException(
        404,
        "KeyNotFound",
        "A key with (name/id) "
            + nameOrId
            + " was not found in this key vault. If you recently deleted this key you may be able"
            + " to recover it using the correct recovery command. For help resolving this issue,"
            + " please see https://go.microsoft.com/fwlink/?linkid=2125182");
  }
}
