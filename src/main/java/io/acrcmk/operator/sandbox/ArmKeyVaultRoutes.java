package io.acrcmk.operator.sandbox;

import static io.acrcmk.operator.sandbox.SimulatorState.Kind.DELETED_VAULT;
import static io.acrcmk.operator.sandbox.SimulatorState.Kind.VAULT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/** ARM operations on {@code Microsoft.KeyVault/vaults} and deleted vaults. */
final class ArmKeyVaultRoutes {

  private static final String PROVIDER = "/providers/Microsoft\\.KeyVault";
  private static final String ONE = ArmPaths.GROUP + PROVIDER + "/vaults/" + ArmPaths.NAME;

  private final SimulatorState state;

  ArmKeyVaultRoutes(SimulatorState state) {
    this.state = state;
  }

  List<Route> routes() {
    return List.of(
        Route.read(Operations.VAULTS_GET, "GET", ONE, this::get),
        Route.write(Operations.VAULTS_UPDATE, "PATCH", ONE, this::update),
        Route.write(Operations.VAULTS_CREATE_OR_UPDATE, "PUT", ONE, this::createOrUpdate),
        Route.write(
            Operations.VAULTS_UPDATE_ACCESS_POLICY,
            "PUT",
            ONE + "/accessPolicies/(add|replace|remove)",
            this::updateAccessPolicy),
        Route.read(
            Operations.VAULTS_LIST,
            "GET",
            ArmPaths.SUBSCRIPTION + PROVIDER + "/vaults",
            this::list),
        Route.read(
            Operations.VAULTS_LIST, "GET", ArmPaths.GROUP + PROVIDER + "/vaults", this::list),
        Route.read(
            Operations.VAULTS_LIST_DELETED,
            "GET",
            ArmPaths.SUBSCRIPTION + PROVIDER + "/deletedVaults",
            this::listDeleted),
        Route.read(
            Operations.VAULTS_GET_DELETED,
            "GET",
            ArmPaths.SUBSCRIPTION + PROVIDER + "/locations/([^/]+)/deletedVaults/" + ArmPaths.NAME,
            this::getDeleted));
  }

  private SimulatorResponse get(SimulatorRequest request, Matcher match) {
    return SimulatorResponse.ok(find(match));
  }

  private SimulatorResponse list(SimulatorRequest request, Matcher match) {
    String group = match.groupCount() > 1 ? match.group(2) : null;
    List<ObjectNode> vaults =
        state.list(VAULT).stream()
            .filter(vault -> ArmPaths.inScope(Json.text(vault, "id"), match.group(1), group))
            .toList();
    return SimulatorResponse.ok(ArmPaths.page(vaults));
  }

  /** Merges {@code tags} and {@code properties} of the body into the vault. */
  private SimulatorResponse update(SimulatorRequest request, Matcher match) {
    ObjectNode patch = request.jsonBody();
    synchronized (state) {
      ObjectNode vault = find(match);
      Json.mergePatch(vault, patch);
      VaultDocuments.complete(
          vault, Json.text(vault, "id"), Json.text(vault, "name"), state.endpoints());
      return SimulatorResponse.ok(state.put(VAULT, vault));
    }
  }

  private SimulatorResponse updateAccessPolicy(SimulatorRequest request, Matcher match) {
    JsonNode changes = request.jsonBody().path("properties").path("accessPolicies");
    if (!changes.isArray()) {
      throw SimulatorException.badRequest(
          "BadRequest", "The body needs properties.accessPolicies as an array.");
    }
    synchronized (state) {
      ObjectNode vault = find(match);
      AccessPolicyUpdates.apply(vault, match.group(4), changes);
      ObjectNode stored = state.put(VAULT, vault);
      ObjectNode body = Json.object();
      body.put("id", Json.text(stored, "id") + "/accessPolicies/" + match.group(4));
      body.put("name", match.group(4));
      body.put("type", "Microsoft.KeyVault/vaults/accessPolicies");
      body.put("location", Json.text(stored, "location"));
      body.putObject("properties").set("accessPolicies", stored.at("/properties/accessPolicies"));
      return SimulatorResponse.ok(body);
    }
  }

  /**
   * Replaces the vault with the body, or with {@code properties.createMode = recover} brings a
   * soft-deleted vault back as it was, as {@code az keyvault recover} does.
   */
  private SimulatorResponse createOrUpdate(SimulatorRequest request, Matcher match) {
    ObjectNode body = request.jsonBody();
    String name = match.group(3);
    synchronized (state) {
      Optional<ObjectNode> deleted = findDeletedByName(name);
      boolean recover = "recover".equalsIgnoreCase(Json.text(body, "properties/createMode"));
      if (recover) {
        return SimulatorResponse.ok(recover(name, deleted));
      }
      if (deleted.isPresent()) {
        throw new SimulatorException(
            409,
            "ConflictError",
            "A vault with the same name already exists in deleted state. You need to either"
                + " recover or purge existing deleted vault.");
      }
      String id =
          state.get(VAULT, id(match)).map(vault -> Json.text(vault, "id")).orElse(id(match));
      VaultDocuments.complete(body, id, name, state.endpoints());
      return SimulatorResponse.ok(state.put(VAULT, body));
    }
  }

  private ObjectNode recover(String name, Optional<ObjectNode> deleted) {
    if (deleted.isEmpty()) {
      throw SimulatorException.badRequest(
          "NoDeletedVaultFound", "No deleted vault named '" + name + "' was found to recover.");
    }
    String deletedId = Json.text(deleted.get(), "id");
    ObjectNode vault =
        state
            .takeDeletedVaultOriginal(deletedId)
            .orElseThrow(
                () ->
                    SimulatorException.badRequest(
                        "NoDeletedVaultFound",
                        "The deleted vault '" + name + "' holds no recoverable contents."));
    state.remove(DELETED_VAULT, deletedId);
    return state.put(VAULT, vault);
  }

  private Optional<ObjectNode> findDeletedByName(String name) {
    return state.list(DELETED_VAULT).stream()
        .filter(deleted -> name.equalsIgnoreCase(Json.text(deleted, "name")))
        .findFirst();
  }

  private SimulatorResponse listDeleted(SimulatorRequest request, Matcher match) {
    List<ObjectNode> deleted =
        state.list(DELETED_VAULT).stream()
            .filter(vault -> ArmPaths.inScope(Json.text(vault, "id"), match.group(1), null))
            .toList();
    return SimulatorResponse.ok(ArmPaths.page(deleted));
  }

  private SimulatorResponse getDeleted(SimulatorRequest request, Matcher match) {
    String id = VaultDocuments.deletedId(match.group(1), match.group(2), match.group(3));
    return SimulatorResponse.ok(
        state
            .get(DELETED_VAULT, id)
            .orElseThrow(
                () ->
                    SimulatorException.resourceNotFound(
                        "Microsoft.KeyVault/locations/" + match.group(2) + "/deletedVaults",
                        match.group(3),
                        null)));
  }

  private ObjectNode find(Matcher match) {
    return state
        .get(VAULT, id(match))
        .orElseThrow(
            () ->
                SimulatorException.resourceNotFound(VAULT.type(), match.group(3), match.group(2)));
  }

  private static String id(Matcher match) {
    return ArmPaths.resourceId(match.group(1), match.group(2), VAULT.type(), match.group(3));
  }
}
