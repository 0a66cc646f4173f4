package io.acrcmk.operator.sandbox;

import static io.acrcmk.operator.sandbox.SimulatorState.Kind.VAULT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Key Vault keys read through ARM ({@code .../vaults/{vault}/keys/...}): metadata only, with ARM
 * read rights and without the vault firewall, in the shape of the 2024-11-01 examples.
 */
final class ArmVaultKeyRoutes {

  private static final String VAULT_PATH =
      ArmPaths.GROUP + "/providers/Microsoft\\.KeyVault/vaults/" + ArmPaths.NAME;
  private static final String KEY = VAULT_PATH + "/keys/" + ArmPaths.NAME;

  private final SimulatorState state;

  ArmVaultKeyRoutes(SimulatorState state) {
    this.state = state;
  }

  List<Route> routes() {
    return List.of(
        Route.read(Operations.KEYS_LIST, "GET", VAULT_PATH + "/keys", this::list),
        Route.read(Operations.KEYS_GET, "GET", KEY, this::get),
        Route.read(Operations.KEYS_LIST_VERSIONS, "GET", KEY + "/versions", this::listVersions),
        Route.read(
            Operations.KEYS_GET_VERSION,
            "GET",
            KEY + "/versions/" + ArmPaths.NAME,
            this::getVersion));
  }

  private SimulatorResponse list(SimulatorRequest request, Matcher match) {
    ObjectNode vault = vault(match);
    List<ObjectNode> keys = new ArrayList<>();
    for (ObjectNode key : state.keys(Json.text(vault, "name"))) {
      KeyDocuments.latest(key).ifPresent(bundle -> keys.add(armKey(vault, key, bundle)));
    }
    return SimulatorResponse.ok(ArmPaths.page(keys));
  }

  private SimulatorResponse get(SimulatorRequest request, Matcher match) {
    ObjectNode vault = vault(match);
    ObjectNode key = key(vault, match);
    return SimulatorResponse.ok(armKey(vault, key, KeyDocuments.latest(key).orElseThrow()));
  }

  /** Lists versions with attributes and URIs only, as the service's example shows them. */
  private SimulatorResponse listVersions(SimulatorRequest request, Matcher match) {
    ObjectNode vault = vault(match);
    ObjectNode key = key(vault, match);
    List<ObjectNode> versions = new ArrayList<>();
    for (JsonNode bundle : KeyDocuments.versions(key)) {
      ObjectNode version = armVersion(vault, key, bundle);
      ObjectNode properties = (ObjectNode) version.get("properties");
      properties.retain("attributes", "keyUri", "keyUriWithVersion");
      versions.add(version);
    }
    return SimulatorResponse.ok(ArmPaths.page(versions));
  }

  private SimulatorResponse getVersion(SimulatorRequest request, Matcher match) {
    ObjectNode vault = vault(match);
    ObjectNode key = key(vault, match);
    String version = match.group(5);
    JsonNode bundle =
        KeyDocuments.version(key, version)
            .orElseThrow(
                () ->
                    SimulatorException.resourceNotFound(
                        "Microsoft.KeyVault/vaults/keys/versions",
                        match.group(3) + "/" + match.group(4) + "/" + version,
                        match.group(2)));
    return SimulatorResponse.ok(armVersion(vault, key, bundle));
  }

  /** Builds the {@code Microsoft.KeyVault/vaults/keys} document for a key's current version. */
  static ObjectNode armKey(ObjectNode vault, ObjectNode key, JsonNode bundle) {
    ObjectNode document = Json.object();
    String name = KeyDocuments.name(key);
    document.put("id", Json.text(vault, "id") + "/keys/" + name);
    document.put("name", name);
    document.put("type", "Microsoft.KeyVault/vaults/keys");
    document.put("location", Json.text(vault, "location"));
    if (bundle.has("tags") && !bundle.get("tags").isEmpty()) {
      document.set("tags", bundle.get("tags").deepCopy());
    }
    document.set("properties", armProperties(vault, name, bundle));
    return document;
  }

  private static ObjectNode armVersion(ObjectNode vault, ObjectNode key, JsonNode bundle) {
    String name = KeyDocuments.name(key);
    String version = KeyDocuments.versionId(bundle);
    ObjectNode document = Json.object();
    document.put("id", Json.text(vault, "id") + "/keys/" + name + "/versions/" + version);
    document.put("name", version);
    document.put("type", "Microsoft.KeyVault/vaults/keys/versions");
    document.put("location", Json.text(vault, "location"));
    document.set("properties", armProperties(vault, name, bundle));
    return document;
  }

  private static ObjectNode armProperties(ObjectNode vault, String name, JsonNode bundle) {
    ObjectNode properties = Json.object();
    ObjectNode attributes = properties.putObject("attributes");
    JsonNode source = bundle.path("attributes");
    for (String field : List.of("enabled", "nbf", "exp", "created", "updated", "recoveryLevel")) {
      if (source.has(field)) {
        attributes.set(field, source.get(field).deepCopy());
      }
    }
    JsonNode key = bundle.path("key");
    properties.put("kty", key.path("kty").asText());
    properties.set("keyOps", key.path("key_ops").deepCopy());
    properties.put("keySize", KeyDocuments.keySize(bundle));
    if (key.has("crv")) {
      properties.put("curveName", key.get("crv").asText());
    }
    String keyUri =
        KeyDocuments.withSlash(Json.text(vault, "properties/vaultUri")) + "keys/" + name;
    properties.put("keyUri", keyUri);
    properties.put("keyUriWithVersion", keyUri + "/" + KeyDocuments.versionId(bundle));
    return properties;
  }

  private ObjectNode vault(Matcher match) {
    String id = ArmPaths.resourceId(match.group(1), match.group(2), VAULT.type(), match.group(3));
    return state
        .get(VAULT, id)
        .orElseThrow(
            () ->
                SimulatorException.resourceNotFound(VAULT.type(), match.group(3), match.group(2)));
  }

  private ObjectNode key(ObjectNode vault, Matcher match) {
    return state
        .key(Json.text(vault, "name"), match.group(4))
        .orElseThrow(
            () ->
                SimulatorException.resourceNotFound(
                    "Microsoft.KeyVault/vaults/keys",
                    match.group(3) + "/" + match.group(4),
                    match.group(2)));
  }
}
