package io.acrcmk.operator.sandbox;

import static io.acrcmk.operator.sandbox.SimulatorState.Kind.REGISTRY;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

/** ARM operations on {@code Microsoft.ContainerRegistry/registries}. */
final class ArmRegistryRoutes {

  private static final String PROVIDER = "/providers/Microsoft\\.ContainerRegistry/registries";
  private static final String ONE = ArmPaths.GROUP + PROVIDER + "/" + ArmPaths.NAME;

  /** The API version in the status URL of a long-running update, as the ACR examples give it. */
  private static final String OPERATION_API_VERSION = "2025-04-01";

  private final SimulatorState state;
  private final boolean asyncUpdates;
  private final Set<String> operations = ConcurrentHashMap.newKeySet();

  /**
   * @param asyncUpdates whether a PATCH returns 201 and starts a long-running operation, as in ARM
   */
  ArmRegistryRoutes(SimulatorState state, boolean asyncUpdates) {
    this.state = state;
    this.asyncUpdates = asyncUpdates;
  }

  List<Route> routes() {
    return List.of(
        Route.read(Operations.REGISTRIES_GET, "GET", ONE, this::get),
        Route.write(Operations.REGISTRIES_UPDATE, "PATCH", ONE, this::update),
        Route.read(
            Operations.REGISTRIES_OPERATION_STATUS,
            "GET",
            ONE + "/operationStatuses/" + ArmPaths.NAME,
            this::operationStatus),
        Route.write(Operations.REGISTRIES_CREATE, "PUT", ONE, this::create),
        Route.read(Operations.REGISTRIES_LIST, "GET", ArmPaths.SUBSCRIPTION + PROVIDER, this::list),
        Route.read(Operations.REGISTRIES_LIST, "GET", ArmPaths.GROUP + PROVIDER, this::list));
  }

  private SimulatorResponse get(SimulatorRequest request, Matcher match) {
    return SimulatorResponse.ok(find(match));
  }

  private SimulatorResponse list(SimulatorRequest request, Matcher match) {
    String group = match.groupCount() > 1 ? match.group(2) : null;
    List<ObjectNode> registries =
        state.list(REGISTRY).stream()
            .filter(registry -> ArmPaths.inScope(Json.text(registry, "id"), match.group(1), group))
            .toList();
    return SimulatorResponse.ok(ArmPaths.page(registries));
  }

  /** Merges the body into the registry as a JSON merge patch, then recomputes derived fields. */
  private SimulatorResponse update(SimulatorRequest request, Matcher match) {
    ObjectNode patch = request.jsonBody();
    synchronized (state) {
      ObjectNode previous = find(match);
      ObjectNode registry = previous.deepCopy();
      Json.mergePatch(registry, patch);
      ObjectNode updated = store(registry, previous, match);
      return asyncUpdates ? accepted(previous, match) : SimulatorResponse.ok(updated);
    }
  }

  /**
   * Returns ARM's 201 for a long-running update: the registry as it was, in provisioning state
   * Updating, and the URL of the operation's status. The change is already stored, so the status
   * reads Succeeded at once and any later GET returns the updated registry.
   */
  private SimulatorResponse accepted(ObjectNode previous, Matcher match) {
    ObjectNode body = previous.deepCopy();
    Json.objectAt(body, "properties").put("provisioningState", "Updating");
    String operation = "registries-" + UUID.randomUUID();
    operations.add(operation);
    String statusUrl =
        state.endpoints().armEndpoint()
            + id(match).substring(1)
            + "/operationStatuses/"
            + operation
            + "?api-version="
            + OPERATION_API_VERSION;
    return SimulatorResponse.json(201, body).header("Azure-AsyncOperation", statusUrl);
  }

  private SimulatorResponse operationStatus(SimulatorRequest request, Matcher match) {
    if (!operations.contains(match.group(4))) {
      throw SimulatorException.resourceNotFound(
          "operationStatuses", match.group(4), match.group(2));
    }
    return SimulatorResponse.ok(Json.object().put("status", "Succeeded"));
  }

  /** Replaces the registry with the body, keeping only what the service itself owns. */
  private SimulatorResponse create(SimulatorRequest request, Matcher match) {
    ObjectNode registry = request.jsonBody();
    synchronized (state) {
      ObjectNode previous = state.get(REGISTRY, id(match)).orElse(null);
      if (!registry.hasNonNull("location")) {
        registry.put("location", state.endpoints().location());
      }
      return SimulatorResponse.ok(store(registry, previous, match));
    }
  }

  private ObjectNode store(ObjectNode registry, ObjectNode previous, Matcher match) {
    String storedId = previous == null ? id(match) : Json.text(previous, "id");
    RegistryDocuments.complete(registry, storedId, match.group(3), previous);
    RegistryDocuments.resolveIdentity(registry, state, state.endpoints().tenantId());
    RegistryDocuments.resolveEncryption(registry, previous, state);
    return state.put(REGISTRY, registry);
  }

  private ObjectNode find(Matcher match) {
    return state
        .get(REGISTRY, id(match))
        .orElseThrow(
            () ->
                SimulatorException.resourceNotFound(
                    REGISTRY.type(), match.group(3), match.group(2)));
  }

  private static String id(Matcher match) {
    return ArmPaths.resourceId(match.group(1), match.group(2), REGISTRY.type(), match.group(3));
  }
}
